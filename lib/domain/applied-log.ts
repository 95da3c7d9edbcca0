import { createHash } from "node:crypto";

/**
 * Per-customer memory of what has already been applied, kept in the same item as the profile and written
 * in the same conditional write, so a replayed batch, a replayed stream suffix or a producer's duplicate
 * changes nothing.
 *
 * - `positions`: the highest applied sequence number per shard. Kinesis delivers a customer's records in
 *   order within a shard, so anything at or below the mark is a redelivery (a grouped record's events share
 *   its sequence number and are applied together: see screenDeliveries).
 * - `recentEvents`: fingerprints of the latest applied event ids, oldest first, catching a producer that
 *   sends the same event twice (the two copies get different sequence numbers).
 * - `spilledUntil`: fingerprints pushed out of `recentEvents` are kept in rows of their own for the
 *   dedupe window (see DEDUPE_WINDOW_MS); until this time, a fresh-looking event must be checked there.
 *
 * Together they recognise a duplicate for at least DEDUPE_WINDOW_MS whatever the customer sent in between,
 * and the profile item stays bounded however many events that is.
 */
export interface AppliedLog {
  positions: Record<string, string>;
  recentEvents: string[];
  /** Epoch ms; absent when nothing was ever spilled. */
  spilledUntil?: number | undefined;
}

export const APPLIED_LOG_LIMITS = { recentEvents: 128, shards: 8 } as const;

/** How long a duplicate is recognised at least (contract: events are deduplicated for at least 7 days). */
export const DEDUPE_WINDOW_MS = 7 * 86_400_000;

export const emptyAppliedLog = (): AppliedLog => ({ positions: {}, recentEvents: [] });

/**
 * The fingerprint an event id is remembered by: the first 64 bits of its SHA-256, base64url (11
 * characters, whatever the id's length). Two distinct ids of one customer collide with probability about
 * n²/2⁶⁵ — for a million events in a week, 3·10⁻⁸ — and a collision would drop one event as a duplicate.
 */
export const eventFingerprint = (eventId: string): string =>
  createHash("sha256").update(eventId).digest().subarray(0, 8).toString("base64url");

/** Kinesis sequence numbers are decimal strings of varying length; padding makes them compare as text. */
export const padSequence = (sequenceNumber: string): string => sequenceNumber.padStart(64, "0");

export interface Delivery {
  shardId: string;
  sequenceNumber: string;
  eventId: string;
}

export interface Screened<T> {
  fresh: T[];
  duplicates: T[];
  redeliveries: T[];
  log: AppliedLog;
  /**
   * Fingerprints that left `recentEvents`, to be kept in rows of their own (until `log.spilledUntil`)
   * before `log` is written. Only fingerprints of events applied by earlier writes leave: one applied by
   * this write could otherwise be remembered before it is applied, and a crash would then lose it.
   */
  spilled: string[];
}

/**
 * Sorts deliveries (in stream order) into those to apply and those already applied, and returns the log
 * that remembers all of them. `seenElsewhere` holds the fingerprints among these deliveries that the
 * spilled rows remember (only needed while `log.spilledUntil` is in the future). The input log is left
 * untouched.
 */
export function screenDeliveries<T extends Delivery>(
  log: AppliedLog,
  deliveries: readonly T[],
  now: number,
  seenElsewhere: ReadonlySet<string> = new Set(),
): Screened<T> {
  const positions = { ...log.positions };
  const committed = log.recentEvents.length;
  const recent = [...log.recentEvents];
  const seen = new Set(recent);
  const fresh: T[] = [];
  const duplicates: T[] = [];
  const redeliveries: T[] = [];
  // A grouped record carries several events under one sequence number. Its events reach one customer's
  // fold together and are written in one conditional write, so a record is applied whole or not at all:
  // an event at the mark this screening itself set belongs to a record applied now, not to a redelivery.
  const markedNow = new Set<string>();
  for (const d of deliveries) {
    const padded = padSequence(d.sequenceNumber);
    const mark = positions[d.shardId];
    const sameRecord = padded === mark && markedNow.has(d.shardId);
    if (mark !== undefined && padded <= mark && !sameRecord) {
      redeliveries.push(d);
      continue;
    }
    // Most recently used shard last, so after a reshard the parents' marks are the ones that age out.
    delete positions[d.shardId];
    positions[d.shardId] = padded;
    markedNow.add(d.shardId);
    const fingerprint = eventFingerprint(d.eventId);
    if (seen.has(fingerprint) || seenElsewhere.has(fingerprint)) {
      duplicates.push(d);
      continue;
    }
    seen.add(fingerprint);
    recent.push(fingerprint);
    fresh.push(d);
  }
  const leaving = Math.min(committed, Math.max(0, recent.length - APPLIED_LOG_LIMITS.recentEvents));
  const spilled = recent.splice(0, leaving);
  const shardEntries = Object.entries(positions).slice(-APPLIED_LOG_LIMITS.shards);
  const spilledUntil = spilled.length > 0 ? now + DEDUPE_WINDOW_MS : log.spilledUntil;
  return {
    fresh,
    duplicates,
    redeliveries,
    spilled,
    log: {
      positions: Object.fromEntries(shardEntries),
      recentEvents: recent,
      ...(spilledUntil !== undefined ? { spilledUntil } : {}),
    },
  };
}

/** Whether a delivery that is not in `recentEvents` may still be a duplicate remembered in a spilled row. */
export const mayHaveSpilled = (log: AppliedLog, now: number): boolean => (log.spilledUntil ?? 0) > now;

/** A log as stored before fingerprints: raw ids become their fingerprints. */
export function appliedLogFromStored(stored: {
  positions?: Record<string, string>;
  recentEvents?: string[];
  recentEventIds?: string[];
  spilledUntil?: number;
}): AppliedLog {
  return {
    positions: stored.positions ?? {},
    recentEvents: stored.recentEvents ?? (stored.recentEventIds ?? []).map(eventFingerprint),
    ...(stored.spilledUntil !== undefined ? { spilledUntil: stored.spilledUntil } : {}),
  };
}
