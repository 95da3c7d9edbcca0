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

export type ApplyVerdict = "apply" | "redelivery" | "duplicate";

export function verdict(
  log: AppliedLog,
  shardId: string,
  sequenceNumber: string,
  eventId: string,
): ApplyVerdict {
  const mark = log.positions[shardId];
  if (mark !== undefined && padSequence(sequenceNumber) <= mark) return "redelivery";
  if (log.recentEventIds.includes(eventId)) return "duplicate";
  return "apply";
}

/** Records a delivered record (applied or recognised as a duplicate) so it is never applied again. */
export function markDelivered(
  log: AppliedLog,
  shardId: string,
  sequenceNumber: string,
  eventId: string,
): AppliedLog {
  const { [shardId]: _, ...others } = log.positions;
  // Most recently used shard last; after a reshard the parents' marks age out.
  const entries = [...Object.entries(others), [shardId, padSequence(sequenceNumber)] as const];
  const recentEventIds = log.recentEventIds.includes(eventId)
    ? log.recentEventIds
    : [...log.recentEventIds, eventId].slice(-APPLIED_LOG_LIMITS.recentEventIds);
  return {
    positions: Object.fromEntries(entries.slice(-APPLIED_LOG_LIMITS.shards)),
    recentEventIds,
  };
}
