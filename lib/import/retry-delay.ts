/** How a throttled or unavailable API is retried: at most this many attempts, at most this long apart. */
export const RETRY_POLICY = { attempts: 8, baseMs: 250, maxMs: 30_000 } as const;

/**
 * How long to wait before attempt `attempt` (1 = the first retry), in ms: the server's `Retry-After`
 * (seconds, or an HTTP date) when it gives one, else exponential backoff with full jitter, capped at
 * RETRY_POLICY.maxMs either way. `random` is in [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null | undefined,
  now: number,
  random: number,
): number {
  const told = parseRetryAfter(retryAfter, now);
  if (told !== undefined) return Math.min(told, RETRY_POLICY.maxMs);
  const ceiling = Math.min(RETRY_POLICY.maxMs, RETRY_POLICY.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random);
}

/** `Retry-After` in ms from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
