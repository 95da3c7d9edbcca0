import type { Dict } from "./dict.js";

/** How often each item was shown to a customer lately without a reaction. */
export type ShownItems = Dict<{ count: number; lastAt: number }>;

export const ROTATION_LIMITS = {
  /** Impressions older than this (before the next one) no longer count. */
  windowMs: 7 * 86_400_000,
  /** At most this many items are tracked; the least recently shown are forgotten. */
  maxItems: 100,
} as const;

/** Counts an impression of each item at `at`. Mutates `shown`. */
export function recordImpressionsInPlace(shown: ShownItems, itemIds: readonly string[], at: number): void {
  for (const itemId of new Set(itemIds)) {
    const entry = shown[itemId];
    const fresh = entry !== undefined && at - entry.lastAt <= ROTATION_LIMITS.windowMs;
    shown[itemId] = {
      count: fresh ? entry.count + 1 : 1,
      lastAt: Math.max(at, entry?.lastAt ?? 0),
    };
  }
  const ids = Object.keys(shown);
  if (ids.length <= ROTATION_LIMITS.maxItems) return;
  ids.sort((a, b) => (shown[a]?.lastAt ?? 0) - (shown[b]?.lastAt ?? 0) || (a < b ? -1 : 1));
  for (const id of ids.slice(0, ids.length - ROTATION_LIMITS.maxItems)) delete shown[id];
}

/** Any interaction with an item is a reaction: it starts counting its impressions afresh. */
export function recordReactionInPlace(shown: ShownItems, itemId: string): void {
  delete shown[itemId];
}

/** Impressions of an item without a reaction that still count at `now`. */
export function unansweredImpressions(shown: ShownItems, itemId: string, now: number): number {
  const entry = shown[itemId];
  return entry && now - entry.lastAt <= ROTATION_LIMITS.windowMs ? entry.count : 0;
}
