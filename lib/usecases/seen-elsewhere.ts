import type { StoredProfile } from "../data/profile-store.js";
import { type SeenEventStore, seenKey } from "../data/seen-event-store.js";
import { eventFingerprint, mayHaveSpilled } from "../domain/applied-log.js";
import type { ValidRecord } from "./batch-plan.js";

/**
 * The fingerprints among a customer's records that the dedupe rows remember: asked only while their
 * applied-log has spilled within the window, and only for records its recent fingerprints do not hold.
 */
export async function seenElsewhere(
  customerId: string,
  stored: StoredProfile | undefined,
  list: readonly ValidRecord[],
  seen: SeenEventStore,
  now: number,
): Promise<Set<string>> {
  if (!stored || !mayHaveSpilled(stored.log, now)) return new Set();
  const recent = new Set(stored.log.recentEvents);
  const wanted = list
    .map((v) => eventFingerprint(v.envelope.event.eventId))
    .filter((fingerprint) => !recent.has(fingerprint))
    .map((fingerprint) => ({ customerId, fingerprint }));
  const found = await seen.findSeen(wanted, now);
  return new Set(wanted.filter((q) => found.has(seenKey(q))).map((q) => q.fingerprint));
}
