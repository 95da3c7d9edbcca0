import { isIP } from "node:net";

/** What a throttle answers: go ahead, or wait this many seconds first. */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Limits how often one source (a network address) may do something. */
export interface SourceThrottle {
  /** Takes one unit of `source`'s allowance at `nowMs` (epoch milliseconds), if it has one. */
  take(source: string, nowMs: number): ThrottleDecision;
  /** Gives back the unit just taken for `source`: what it was for did not happen (another limit refused it). */
  giveBack(source: string): void;
}

export interface TokenBucketOptions {
  /** Requests a source may make at once after a quiet spell. */
  capacity: number;
  /** Allowance regained per second. */
  refillPerSecond: number;
  /** Sources remembered at most; past this the least recently seen is forgotten (memory stays bounded). */
  maxSources: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * One token bucket per source, in memory. Bounded: at most `maxSources` buckets, the least recently used
 * dropped first — a forgotten source starts again with a full bucket, which only ever errs towards letting a
 * request through, and the limit over all callers still holds (API Gateway's route throttle, or the function-URL
 * front door's per-instance bucket: create-visitor.ts).
 */
export class TokenBucketThrottle implements SourceThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: TokenBucketOptions) {}

  take(source: string, nowMs: number): ThrottleDecision {
    const key = sourceKey(source);
    const { capacity, refillPerSecond, maxSources } = this.options;
    const previous = this.buckets.get(key);
    const elapsedS = previous ? Math.max(0, nowMs - previous.atMs) / 1000 : 0;
    const tokens = previous ? Math.min(capacity, previous.tokens + elapsedS * refillPerSecond) : capacity;
    // Re-inserted so that the Map's order is least recently used first.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, atMs: nowMs });
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - tokens) / refillPerSecond) };
    }
    this.buckets.set(key, { tokens: tokens - 1, atMs: nowMs });
    while (this.buckets.size > maxSources) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return { allowed: true };
  }

  giveBack(source: string): void {
    const bucket = this.buckets.get(sourceKey(source));
    if (bucket) bucket.tokens = Math.min(this.options.capacity, bucket.tokens + 1);
  }
}

/**
 * The unit a source is counted by: an IPv4 address as is, an IPv6 address by its /64 prefix, since one host
 * usually holds a whole /64 and could otherwise take a fresh allowance per address.
 */
export function sourceKey(source: string): string {
  const address = source.trim().toLowerCase();
  if (isIP(address) !== 6) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped) return mapped;
  const [head = "", tail = ""] = address.split("::", 2);
  const headGroups = head ? head.split(":") : [];
  const tailGroups = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
