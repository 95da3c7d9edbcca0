/**
 * Per-customer memory of what has already been applied, kept in the same item as the profile and written
 * in the same conditional write, so a replayed batch, a replayed stream suffix or a producer's duplicate
 * changes nothing.
 *
 * - `positions`: the highest applied sequence number per shard. Kinesis delivers a customer's records in
 *   order within a shard, so anything at or below the mark is a redelivery.
 * - `recentEventIds`: the last N event ids, catching a producer that sends the same event twice (the two
 *   copies get different sequence numbers). A duplicate is caught while fewer than N newer events of the
 *   same customer have been applied since the first copy.
 */
export interface AppliedLog {
  positions: Record<string, string>;
  recentEventIds: string[];
}

export const APPLIED_LOG_LIMITS = { recentEventIds: 128, shards: 8 } as const;

export const emptyAppliedLog = (): AppliedLog => ({ positions: {}, recentEventIds: [] });

/** Kinesis sequence numbers are decimal strings of varying length; padding makes them compare as text. */
export const padSequence = (sequenceNumber: string): string => sequenceNumber.padStart(64, "0");

export interface Delivery {
  shardId: string;
  sequenceNumber: string;
  eventId: string;
}

/**
 * Sorts deliveries (in stream order) into those to apply and those already applied, and returns the log
 * that remembers all of them. The input log is left untouched.
 */
export function screenDeliveries<T extends Delivery>(
  log: AppliedLog,
  deliveries: readonly T[],
): { fresh: T[]; duplicates: T[]; redeliveries: T[]; log: AppliedLog } {
  const positions = { ...log.positions };
  const ids = [...log.recentEventIds];
  const seen = new Set(ids);
  const fresh: T[] = [];
  const duplicates: T[] = [];
  const redeliveries: T[] = [];
  for (const d of deliveries) {
    const padded = padSequence(d.sequenceNumber);
    const mark = positions[d.shardId];
    if (mark !== undefined && padded <= mark) {
      redeliveries.push(d);
      continue;
    }
    // Most recently used shard last, so after a reshard the parents' marks are the ones that age out.
    delete positions[d.shardId];
    positions[d.shardId] = padded;
    if (seen.has(d.eventId)) {
      duplicates.push(d);
      continue;
    }
    seen.add(d.eventId);
    ids.push(d.eventId);
    // Slide the window per delivery, so what is remembered never depends on where batches were cut.
    if (ids.length > APPLIED_LOG_LIMITS.recentEventIds) seen.delete(ids.shift() ?? "");
    fresh.push(d);
  }
  const shardEntries = Object.entries(positions).slice(-APPLIED_LOG_LIMITS.shards);
  return {
    fresh,
    duplicates,
    redeliveries,
    log: { positions: Object.fromEntries(shardEntries), recentEventIds: ids },
  };
}
