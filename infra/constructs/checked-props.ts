import type { ConsumerSettings } from "./stream-consumer.js";

// Kindred's props checked at synth, as the functions and Lambda will read them: a value they would refuse (or
// silently ignore) stops `cdk synth` with the prop's name, not a deploy or a cold start.

/** What answers the API: API Gateway's HTTP API, or one function behind a Lambda function URL. */
export type FrontDoorKind = "http-api" | "function-url";

/** Settings the chosen front door would silently ignore are refused instead. */
export function checkedFrontDoorSettings(
  frontDoor: FrontDoorKind,
  props: {
    throttle?: object;
    visitorThrottle?: object;
    frontDoorConcurrency?: number;
    frontDoorVisitorLimit?: object;
  },
): void {
  if (frontDoor === "function-url" && (props.throttle || props.visitorThrottle))
    throw new Error(
      "Kindred: throttle and visitorThrottle are API Gateway's stage settings; with frontDoor function-url, set frontDoorConcurrency and frontDoorVisitorLimit instead.",
    );
  if (frontDoor === "http-api" && (props.frontDoorConcurrency !== undefined || props.frontDoorVisitorLimit))
    throw new Error(
      'Kindred: frontDoorConcurrency and frontDoorVisitorLimit apply only with frontDoor "function-url".',
    );
}

/** The front door's reserved concurrency as Lambda accepts it: refused at synth, not at deploy. */
export function checkedConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new Error(`Kindred: frontDoorConcurrency must be a whole number from 1 to 10,000 (got ${n}).`);
  return n;
}

/** The event source mapping's batch size and window as Lambda accepts them: refused at synth, not at deploy. */
export function checkedConsumerSettings(settings: ConsumerSettings): ConsumerSettings {
  const { batchSize, maxBatchingWindowSeconds: window } = settings;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new Error(
      `Kindred: consumer.batchSize must be a whole number from 1 to 10,000 (got ${batchSize}).`,
    );
  if (!Number.isInteger(window) || window < 0 || window > 300)
    throw new Error(
      `Kindred: consumer.maxBatchingWindowSeconds must be a whole number of seconds from 0 to 300 (got ${window}).`,
    );
  return settings;
}

/** `rowCacheSeconds` as the functions will accept it (lib/config): refused at synth, not at cold start. */
export function checkedCacheSeconds(seconds: number): number {
  // As the functions will read it back from their environment: decimal digits (1e-7 would be "1e-7").
  if (!/^\d+(\.\d+)?$/.test(String(seconds)) || seconds > 300) {
    throw new Error(`Kindred: rowCacheSeconds must be a number from 0 to 300 (got ${seconds}).`);
  }
  return seconds;
}

/** `documentFormat` as the functions will accept it (lib/config): refused at synth, not at cold start. */
export function checkedDocumentFormat(value: string): "json" | "deflate" {
  if (value !== "json" && value !== "deflate")
    throw new Error(`Kindred: documentFormat must be "json" or "deflate" (got ${JSON.stringify(value)}).`);
  return value;
}

/** `streamRecords` as the functions will accept it (lib/config): refused at synth, not at cold start. */
export function checkedStreamRecords(value: string): "event" | "customer" {
  if (value !== "event" && value !== "customer")
    throw new Error(`Kindred: streamRecords must be "event" or "customer" (got ${JSON.stringify(value)}).`);
  return value;
}

/** `frontDoorVisitorLimit` as the front door will read it (lib/config/visitor-config.ts): refused at synth. */
export function checkedVisitorLimit(limit: { perSecond: number; burst: number }) {
  const { perSecond, burst } = limit;
  if (!(perSecond > 0 && perSecond <= 10_000) || !(Number.isInteger(burst) && burst >= 1 && burst <= 10_000))
    throw new Error(
      `Kindred: frontDoorVisitorLimit needs perSecond above 0 (at most 10,000) and a whole burst from 1 to 10,000 (got ${perSecond} / ${burst}).`,
    );
  return limit;
}
