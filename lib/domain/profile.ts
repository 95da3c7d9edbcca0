import type { KindredEvent } from "../schemas/event.js";
import { EVENT_TYPE_BEHAVIOUR } from "../schemas/event-types.js";
import type { Offer } from "../schemas/offer.js";
import { type AffinitySettings, addSignalInPlace, emptyAffinity } from "./affinity.js";
import { dict } from "./dict.js";
import { eventWeight } from "./event-weights.js";
import { storedGeohash } from "./geohash.js";
import { isAnonymousId } from "./identity.js";
import { absorbInPlace } from "./merge-profiles.js";
import { recordLatestInPlace, recordSendInPlace } from "./message-sends.js";
import { emptyProfileOffers, redeemInPlace, triggerInPlace } from "./offers.js";
import { keepNewestItems, keepNewestPurchases, type ProfileState, workingCopy } from "./profile-state.js";
import { addRelatedInPlace, emptyRelatedPool, type RelatedSignal } from "./related-pool.js";
import { recordImpressionsInPlace, recordReactionInPlace } from "./rotation.js";

export const emptyProfile = (customerId: string): ProfileState => ({
  customerId,
  affinity: emptyAffinity(),
  recentItems: [],
  purchases: [],
  channels: {},
  eventCount: 0,
  related: emptyRelatedPool(),
  shown: dict(),
});

/**
 * One event to fold in, with the features of its item when the item is in the catalog, the item's
 * strongest neighbours when it has any, and for `identify` the anonymous profile to merge.
 */
export interface EventWithFeatures {
  event: KindredEvent;
  features: readonly string[] | undefined;
  related?: readonly RelatedSignal[] | undefined;
  merge?: { state: ProfileState; version: number } | undefined;
  /** For a `location` event: offers indexed in the event's cell (the event's point decides which apply). */
  nearbyOffers?: Iterable<Offer> | undefined;
  /** For `offer_redeemed`: the offer, when it exists. */
  redeemedOffer?: Offer | undefined;
}

/** Whether personalization was off at time `at`: what happened then must not shape the profile. */
export function personalizationPausedAt(profile: ProfileState, at: number): boolean {
  const paused = profile.personalizationPausedAt;
  if (paused === undefined || at < paused) return false;
  const resumed = profile.personalizationResumedAt;
  return resumed === undefined || resumed <= paused || at < resumed;
}

/** Whether anything is kept about the customer (a tombstone or a merged-away profile keeps nothing). */
export const holdsData = (profile: ProfileState) =>
  profile.eventCount > 0 ||
  profile.preferences !== undefined ||
  profile.offers !== undefined ||
  profile.messages !== undefined ||
  profile.latestByType !== undefined;

/**
 * Folds events, in order, into a profile and returns the new profile; the input is left untouched. The
 * result is the same however the events are split across calls: each event's effect depends only on the
 * profile before it.
 */
export function applyEvents(
  profile: ProfileState,
  events: readonly EventWithFeatures[],
  settings: AffinitySettings,
): ProfileState {
  if (events.length === 0) return profile;
  const draft = workingCopy(profile);
  // A visitor's history merges once per fold: `mergedFrom` keeps only the latest merges, so a repeat after
  // many others (a producer linking devices) would no longer be recognised there.
  const merged = new Set<string>();
  for (const entry of events) applyInPlace(draft, entry, settings, merged);
  // Bounded once per fold: the filters the oldest entries move into are re-encoded once, not per event.
  keepNewestItems(draft);
  keepNewestPurchases(draft);
  return draft;
}

/** Newest first; of entries with the same time, the one applied last counts as the newest (stream order). */
function insertByTime<T extends { at: number }>(list: T[], entry: T): void {
  const index = list.findIndex((e) => e.at <= entry.at);
  if (index === -1) list.push(entry);
  else list.splice(index, 0, entry);
}

function applyInPlace(
  draft: ProfileState,
  { event, features, related, merge, nearbyOffers, redeemedOffer }: EventWithFeatures,
  settings: AffinitySettings,
  merged: Set<string>,
): void {
  const at = Date.parse(event.timestamp);
  // Redemptions count toward an offer's cap whatever the customer's other settings.
  // Only an offer that exists counts (and is remembered): ids a caller makes up never grow the profile.
  if (event.type === "offer_redeemed" && redeemedOffer && redeemedOffer.offerId === event.offerId) {
    draft.offers ??= emptyProfileOffers();
    redeemInPlace(draft.offers, redeemedOffer, at);
  }
  // Sends count toward frequency limits, and the journey's latest events suppress pointless messages,
  // whatever the customer's personalization setting: both only ever mean fewer communications.
  recordSendInPlace(draft, event, at);
  recordLatestInPlace(draft, event, at);
  if (personalizationPausedAt(draft, at)) return;
  // Only an anonymous visitor's history merges through an event, whatever an older record says; and a version
  // already merged (a second sign-in's identify in the same batch) adds nothing again.
  if (
    event.type === "identify" &&
    merge &&
    event.previousId !== undefined &&
    isAnonymousId(event.previousId) &&
    draft.mergedFrom?.[event.previousId] !== merge.version &&
    !merged.has(event.previousId)
  ) {
    absorbInPlace(draft, event.previousId, merge, settings);
    merged.add(event.previousId);
  }
  const previous = draft.channels[event.channel];
  draft.eventCount++;
  draft.channels[event.channel] = {
    events: (previous?.events ?? 0) + 1,
    lastAt: Math.max(previous?.lastAt ?? 0, at),
  };
  const country = event.context?.country;
  if (country !== undefined && at >= (draft.country?.at ?? 0)) draft.country = { code: country, at };
  if (event.type === "impression") recordImpressionsInPlace(draft.shown, event.itemIds ?? [], at);
  const { location } = event;
  const consented = draft.preferences?.locationConsent === true;
  if (location && consented && at >= (draft.lastLocation?.at ?? 0)) {
    draft.lastLocation = { geohash: storedGeohash(location.lat, location.lon), at };
  }
  if (location && consented && event.type === "location" && nearbyOffers) {
    draft.offers ??= emptyProfileOffers();
    triggerInPlace(draft.offers, draft, location, nearbyOffers, at);
  }
  if (event.itemId === undefined) return;

  const { itemId } = event;
  // Ids a caller makes up must not crowd real items out of anyone's lists.
  const known = features === undefined ? { uncatalogued: true as const } : {};
  insertByTime(draft.recentItems, { itemId, type: event.type, at, ...known });
  if (EVENT_TYPE_BEHAVIOUR[event.type].bought) {
    const earlier = draft.purchases.findIndex((p) => p.itemId === itemId);
    const latest = Math.max(at, earlier >= 0 ? (draft.purchases[earlier]?.at ?? 0) : 0);
    if (earlier >= 0) draft.purchases.splice(earlier, 1);
    insertByTime(draft.purchases, { itemId, at: latest, ...known });
  }
  recordReactionInPlace(draft.shown, itemId);
  const weight = eventWeight(event.type, event.value);
  if (features) addSignalInPlace(draft.affinity, features, weight, at, settings);
  addRelatedInPlace(draft.related, itemId, related ?? [], weight);
}
