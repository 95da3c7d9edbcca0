import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type ErrorKind, type FieldIssue, KindredError, Throttled } from "../../lib/errors.js";
import { log } from "../log.js";

interface ProblemShape {
  status: number;
  title: string;
}

/**
 * The one place where the error vocabulary becomes HTTP: every ErrorKind (a new one does not compile until
 * it is here), a 405 the router answers itself, and the opaque 500.
 */
const PROBLEMS: Record<ErrorKind | "method_not_allowed" | "internal", ProblemShape> = {
  invalid_input: { status: 400, title: "Invalid request" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  throttled: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  dependency_unavailable: { status: 503, title: "Service temporarily unavailable" },
};

/**
 * A problem's `type`: one URI per kind, so clients branch on it rather than on a title's wording
 * (docs/errors.md). A URN, because nothing is served at it: RFC 9457 §3.1.1 allows types that do not resolve.
 */
export const problemType = (kind: string) => `urn:kindred:problem:${kind.replaceAll("_", "-")}`;
const kindOfStatus = new Map(Object.entries(PROBLEMS).map(([kind, shape]) => [shape.status, kind]));

/** Headers a problem of some statuses must carry. */
export interface ProblemHeaders {
  /** A 405's `Allow`: the methods the path does answer. */
  allow?: readonly string[];
}

/**
 * An RFC 9457 problem response. A 503 always says `retry-after: 1`; a 429 says when its caller may try again
 * (`retryAfterSeconds`, whole seconds, at least 1); a 401 says `WWW-Authenticate: Bearer` (RFC 6750), a 405
 * `Allow`.
 */
export function problemResponse(
  status: number,
  title: string,
  detail: string,
  errors?: FieldIssue[],
  retryAfterSeconds?: number,
  extra: ProblemHeaders = {},
): APIGatewayProxyStructuredResultV2 {
  const kind = kindOfStatus.get(status);
  const type = kind ? problemType(kind) : "about:blank";
  const body = { type, title, status, detail, ...(errors ? { errors } : {}) };
  const retryAfter =
    status === 503
      ? 1
      : retryAfterSeconds === undefined
        ? undefined
        : Math.max(1, Math.ceil(retryAfterSeconds));
  return {
    statusCode: status,
    headers: {
      "content-type": "application/problem+json",
      ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }),
      ...(status === 401 ? { "www-authenticate": 'Bearer realm="kindred"' } : {}),
      ...(status === 405 && extra.allow ? { allow: extra.allow.join(", ") } : {}),
    },
    body: JSON.stringify(body),
  };
}

/** An error's name for logs: its class (`TypeError`, `ThrottlingException`), never its message. */
const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/**
 * Known errors are described to the caller; anything else is answered with an opaque 500. Every 5xx is
 * logged here with the request's id (API Gateway's `requestContext.requestId`, also sent back as
 * `x-request-id`) and the error's name — never its message, which can quote the input, and the input can be
 * personal.
 */
export function errorToProblem(error: unknown, requestId?: string): APIGatewayProxyStructuredResultV2 {
  if (error instanceof KindredError) {
    const shape = PROBLEMS[error.kind];
    const issues = "issues" in error ? (error.issues as FieldIssue[]) : undefined;
    if (shape.status >= 500) {
      log("warn", "dependency unavailable", { requestId, errorName: errorName(error), kind: error.kind });
    }
    const retryAfter = error instanceof Throttled ? error.retryAfterSeconds : undefined;
    return problemResponse(shape.status, shape.title, error.message, issues, retryAfter);
  }
  if (isTransientAwsError(error)) {
    log("warn", "dependency throttled or unavailable", { requestId, errorName: errorName(error) });
    return problemResponse(503, PROBLEMS.dependency_unavailable.title, "Please retry shortly.");
  }
  return internalError(error, requestId);
}

/** An opaque 500 for a fault nobody anticipated, logged with the request id, the error's name and where it arose. */
export function internalError(error: unknown, requestId?: string): APIGatewayProxyStructuredResultV2 {
  log("error", "unhandled error", {
    requestId,
    errorName: errorName(error),
    frames:
      error instanceof Error
        ? (error.stack ?? "")
            .split("\n")
            .slice(1, 6)
            .map((f) => f.trim())
        : [],
  });
  return problemResponse(500, "Internal error", "Something went wrong on our side. It has been logged.");
}

/** SDK errors that say "try again": throttling, a 5xx from the service, or a marked-retryable fault. */
function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    e.$retryable !== undefined ||
    status >= 500 ||
    /Throttl|ThroughputExceeded|RequestLimitExceeded/.test(e.name)
  );
}
