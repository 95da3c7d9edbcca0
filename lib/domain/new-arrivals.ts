/**
 * The newest items of the catalog, newest first: where "recommended for you" finds items too new to have
 * co-occurrences yet (cold items), so they can surface through their features and the exploration share.
 * One bounded row, read with a list's first round trip.
 */
export interface NewArrivals {
  /** [itemId, createdAt epoch ms], newest first, at most NEW_ARRIVALS.kept. */
  items: [string, number][];
}

export const NEW_ARRIVALS = {
  /** Entries kept in the row. */
  kept: 100,
  /** Of which a request reads at most this many catalog entries (the newest still new). */
  perRequest: 10,
} as const;

/**
 * Adds upserted items to the row: each item once, at its `createdAt` (epoch ms), the newest `kept`
 * first; ties keep the lower id first so the row is the same whatever order upserts come in. An item
 * upserted as unavailable, or without `createdAt`, leaves the row (it is nothing to explore).
 */
export function withArrivals(
  current: NewArrivals,
  items: readonly { itemId: string; createdAt?: string | undefined; available?: boolean | undefined }[],
): NewArrivals {
  const at = new Map(current.items);
  for (const item of items) {
    if (item.createdAt === undefined || item.available === false) at.delete(item.itemId);
    else at.set(item.itemId, Date.parse(item.createdAt));
  }
  const kept = [...at].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, NEW_ARRIVALS.kept);
  return { items: kept };
}

/** The row without these items (deleted from the catalog). */
export function withoutArrivals(current: NewArrivals, itemIds: readonly string[]): NewArrivals {
  const gone = new Set(itemIds);
  return { items: current.items.filter(([id]) => !gone.has(id)) };
}

/**
 * The newest items that entered the catalog less than `newForMs` before `now` and that `wanted` accepts
 * (not seen, not bought), at most `perRequest`: what one request reads of the row.
 */
export function stillNew(
  arrivals: NewArrivals | undefined,
  now: number,
  newForMs: number,
  wanted: (itemId: string) => boolean = () => true,
): string[] {
  return (arrivals?.items ?? [])
    .filter(([id, at]) => at <= now && now - at < newForMs && wanted(id))
    .slice(0, NEW_ARRIVALS.perRequest)
    .map(([itemId]) => itemId);
}
