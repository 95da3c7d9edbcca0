import type { ProfileStore, StoredProfile } from "../data/profile-store.js";
import type { AffinitySettings } from "../domain/affinity.js";
import { emptyAppliedLog, screenDeliveries } from "../domain/applied-log.js";
import { applyEvents, emptyProfile, holdsData, personalizationPausedAt } from "../domain/profile.js";
import type { ProfileState } from "../domain/profile-state.js";
import type { RelatedSignal } from "../domain/related-pool.js";
import { Conflict } from "../errors.js";
import type { KindredEvent } from "../schemas/event.js";
import type { Offer } from "../schemas/offer.js";
import type { ValidRecord } from "./batch-plan.js";

/** What the batch's first read wave brought, as one customer's fold needs it. */
export interface FoldContext {
  featuresOf: ReadonlyMap<string, readonly string[]>;
  relatedOf: (event: KindredEvent) => RelatedSignal[] | undefined;
  /** The anonymous profile an identify event merges, when it holds anything. */
  mergeOf: (customerId: string) => StoredProfile | undefined;
  /** Offers in the cells of this batch's location events. */
  nearbyOffers: ReadonlyMap<string, Offer>;
  /** Offers redeemed in this batch that exist. */
  offersById: ReadonlyMap<string, Offer>;
  settings: AffinitySettings;
  now: number;
}

export interface Folded {
  profile: StoredProfile;
  changed: boolean;
  applied: number;
  /** Events applied for the first time, outside personalization pauses: what the aggregates count. */
  freshEvents: KindredEvent[];
  /** Event fingerprints that left the applied-log and must be remembered before the profile is written. */
  spilled: string[];
}

/**
 * Screens a customer's records against their applied-log (and the fingerprints `seenElsewhere` that left
 * it) and folds the fresh ones. Fresh events from before an erasure (by event time or by arrival) are
 * recorded as applied and otherwise ignored. Events from while personalization was off go to the fold,
 * which keeps only what must count regardless (redemptions toward an offer's cap), and stay out of the
 * aggregates.
 */
export function foldCustomer(
  customerId: string,
  stored: StoredProfile | undefined,
  list: readonly ValidRecord[],
  context: FoldContext,
  seenElsewhere: ReadonlySet<string>,
): Folded {
  const { featuresOf, relatedOf, mergeOf, nearbyOffers, offersById, settings, now } = context;
  const screened = screenDeliveries(
    stored?.log ?? emptyAppliedLog(),
    list.map((v) => ({
      shardId: v.record.shardId,
      sequenceNumber: v.record.sequenceNumber,
      eventId: v.envelope.event.eventId,
      event: v.envelope.event,
      receivedAt: v.envelope.receivedAt,
    })),
    now,
    seenElsewhere,
  );
  const changed = screened.redeliveries.length < list.length;
  const before = stored?.state ?? emptyProfile(customerId);
  const erasedAt = before.erasedAt ?? Number.NEGATIVE_INFINITY;
  const kept = screened.fresh.filter(
    ({ event, receivedAt }) => Date.parse(event.timestamp) >= erasedAt && receivedAt >= erasedAt,
  );
  const state = applyEvents(
    before,
    kept.map(({ event }) => ({
      event,
      features: event.itemId === undefined ? undefined : featuresOf.get(event.itemId),
      related: relatedOf(event),
      merge: event.type === "identify" && event.previousId ? mergeOf(event.previousId) : undefined,
      nearbyOffers: event.type === "location" ? nearbyOffers.values() : undefined,
      redeemedOffer: event.offerId === undefined ? undefined : offersById.get(event.offerId),
    })),
    settings,
  );
  return {
    profile: {
      state,
      log: screened.log,
      version: (stored?.version ?? 0) + 1,
      updatedAt: changed ? now : (stored?.updatedAt ?? now),
    },
    changed,
    applied: screened.fresh.length,
    freshEvents: kept
      .map((f) => f.event)
      .filter((e) => !personalizationPausedAt(before, Date.parse(e.timestamp))),
    spilled: screened.spilled,
  };
}

/**
 * After a customer's write: each anonymous profile merged into it (now or in an earlier delivery whose
 * clean-up a crash interrupted) is emptied, if it is still the version that was merged. Its applied-log is
 * kept so a replay of its own events cannot bring them back. Losing the race to a newer write leaves the
 * newer anonymous activity in place, for a later identify to merge.
 */
export async function retireMergedProfiles(
  state: ProfileState,
  list: readonly ValidRecord[],
  profiles: Map<string, StoredProfile>,
  store: ProfileStore,
  now: number,
): Promise<void> {
  for (const { envelope } of list) {
    const anonymousId = envelope.event.type === "identify" ? envelope.event.previousId : undefined;
    const anonymous = anonymousId === undefined ? undefined : profiles.get(anonymousId);
    if (!anonymousId || !anonymous || !holdsData(anonymous.state)) continue;
    if (state.mergedFrom?.[anonymousId] !== anonymous.version) continue;
    const emptied = {
      state: emptyProfile(anonymousId),
      log: anonymous.log,
      version: anonymous.version + 1,
      updatedAt: now,
    };
    try {
      await store.saveProfile(emptied, anonymous.version);
      // Anyone else in this batch who names the visitor now finds nothing to merge.
      profiles.set(anonymousId, emptied);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
    }
  }
}
