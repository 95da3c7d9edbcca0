/**
 * The small vocabulary of failures the product knows about. Transport adapters map these to their own
 * protocol in exactly one place; anything else is an internal fault and is never described to callers.
 */
export interface FieldIssue {
  /** Dotted path of the failing field, e.g. `events.3.timestamp`. */
  path: string;
  message: string;
}

/**
 * Every kind of failure the product knows, closed: a new error class needs its kind here, and the one
 * place that maps kinds to a protocol (functions/http/problem.ts) does not compile until it maps it too.
 */
export type ErrorKind =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "dependency_unavailable"
  | "throttled";

export abstract class KindredError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(message?: string) {
    super(message);
    // Logs name an error by its class ("DependencyUnavailable"), never by its message.
    this.name = new.target.name;
  }
}

export class InvalidInput extends KindredError {
  readonly kind = "invalid_input";
  constructor(
    readonly issues: FieldIssue[],
    message = "The request is not valid.",
  ) {
    super(message);
  }
}

export class Unauthenticated extends KindredError {
  readonly kind = "unauthenticated";
}

export class Forbidden extends KindredError {
  readonly kind = "forbidden";
}

export class NotFound extends KindredError {
  readonly kind = "not_found";
}

export class Conflict extends KindredError {
  readonly kind = "conflict";
}

export class PayloadTooLarge extends KindredError {
  readonly kind = "payload_too_large";
}

/** A request body in a media type Kindred does not read (anything but `application/json`). */
export class UnsupportedMediaType extends KindredError {
  readonly kind = "unsupported_media_type";
}

/** A dependency (store, stream) refused or failed in a way that a later retry may fix. */
export class DependencyUnavailable extends KindredError {
  readonly kind = "dependency_unavailable";
}

/** The caller sent more than its share; it may try again after `retryAfterSeconds`. */
export class Throttled extends KindredError {
  readonly kind = "throttled";
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many requests; please retry later.",
  ) {
    super(message);
  }
}
