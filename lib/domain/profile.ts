import type { Channel, EventType, KindredEvent } from "../schemas/event.js";
import type { Offer } from "../schemas/offer.js";
import type { Preferences } from "../schemas/preferences.js";
import { type Affinity, type AffinitySettings, addSignalInPlace, emptyAffinity } from "./affinity.js";
import { type Dict, dict } from "./dict.js";
import { eventWeight } from "./event-weights.js";
import { storedGeohash } from "./geohash.js";
import { isAnonymousId } from "./identity.js";
import { addItems, type ItemFilter, itemLookup } from "./item-filter.js";
import { absorbInPlace } from "./merge-profiles.js";
import { emptyProfileOffers, type ProfileOffers, redeemInPlace, triggerInPlace } from "./offers.js";
import { addRelatedInPlace, emptyRelatedPool, type RelatedPool, type RelatedSignal } from "./related-pool.js";
import { recordImpressionsInPlace, recordReactionInPlace, type ShownItems } from "./rotation.js";

export interface HistoryEntry {
  itemId: string;
  type: EventType;
  /** Event time, epoch ms. */
  at: number;
  /** The item was not in the catalog then: it takes no part in also-viewed, bought-together or trending. */
  uncatalogued?: true;
}

export interface ChannelActivity {
  events: number;
  lastAt: number;
}

/** What Kindred has learned about one customer. Every collection is bounded (see PROFILE_LIMITS). */
export interface ProfileState {
  customerId: string;
  affinity: Affinity;
  /** Newest first by event time. */
  recentItems: HistoryEntry[];
  /** Distinct items bought, newest first (the newest PROFILE_LIMITS.purchases; older ones in `boughtEarlier`). */
  purchases: { itemId: string; at: number; uncatalogued?: true }[];
  /** Every item bought that no longer fits `purchases`, so bought items never come back in any list. */
  boughtEarlier?: ItemFilter | undefined;
  /** Every item interacted with that no longer fits `recentItems`: "for you" does not offer them again. */
  seenEarlier?: ItemFilter | undefined;
  channels: Partial<Record<Channel, ChannelActivity>>;
  eventCount: number;
  /** Candidates for "recommended for you": neighbours of what the customer interacted with. */
  related: RelatedPool;
  /** Items shown lately without a reaction, for rotation. */
  shown: ShownItems;
  /** The country of the customer's latest event that named one (ISO 3166-1 alpha-2). */
  country?: { code: string; at: number } | undefined;
  /** What the customer decided; absent until they first set preferences (the defaults apply). */
  preferences?: Preferences | undefined;
  /** When personalization was last switched off, and on again after that (epoch ms). */
  personalizationPausedAt?: number | undefined;
  personalizationResumedAt?: number | undefined;
  /** Only with location consent: the ~5 km cell of the latest located event, never a coordinate. */
  lastLocation?: { geohash: string; at: number } | undefined;
  /** Set by erasure: nothing that happened or was received before it may come back. */
  erasedAt?: number | undefined;
  /** Anonymous ids merged into this profile, with the version of their profile that was merged. */
  mergedFrom?: Dict<number> | undefined;
  /** Offers triggered by where the customer was (with consent), and redemptions per offer. */
  offers?: ProfileOffers | undefined;
}

export const PROFILE_LIMITS = { recentItems: 50, purchases: 200, mergedIds: 20 } as const;

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
  profile.eventCount > 0 || profile.preferences !== undefined || profile.offers !== undefined;

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
  for (const entry of events) applyInPlace(draft, entry, settings);
  // Bounded once per fold: the filters the oldest entries move into are re-encoded once, not per event.
  keepNewestItems(draft);
  keepNewestPurchases(draft);
  return draft;
}

/** A copy whose collections may be changed in place without touching `profile`. */
export function workingCopy(profile: ProfileState): ProfileState {
  return {
    ...profile,
    affinity: { ...profile.affinity, weights: dict(profile.affinity.weights) },
    recentItems: [...profile.recentItems],
    purchases: [...profile.purchases],
    channels: { ...profile.channels },
    related: {
      vector: { ...profile.related.vector, weights: dict(profile.related.vector.weights) },
      steps: profile.related.steps,
    },
    shown: dict(profile.shown),
    ...(profile.mergedFrom ? { mergedFrom: dict(profile.mergedFrom) } : {}),
    ...(profile.offers
      ? { offers: { triggered: dict(profile.offers.triggered), redeemed: dict(profile.offers.redeemed) } }
      : {}),
  };
}

/** Keeps the newest interactions in the history and moves older ones' items into a filter. Mutates `draft`. */
export function keepNewestItems(draft: ProfileState): void {
  const older = draft.recentItems.splice(PROFILE_LIMITS.recentItems);
  if (older.length === 0) return;
  // Bought items are kept out of every list by the purchases' own filter: no need to remember them twice.
  const bought = new Set(draft.purchases.map((p) => p.itemId));
  const boughtEarlier = draft.boughtEarlier ? itemLookup(draft.boughtEarlier) : () => false;
  const gone = older
    .map((h) => h.itemId)
    .filter((id) => !bought.has(id) && !boughtEarlier(id) && !draft.recentItems.some((h) => h.itemId === id));
  if (gone.length > 0) draft.seenEarlier = addItems(draft.seenEarlier, gone);
}

/** Keeps the newest purchases in the list and moves older ones into the filter. Mutates `draft`. */
export function keepNewestPurchases(draft: ProfileState): void {
  const older = draft.purchases.splice(PROFILE_LIMITS.purchases);
  if (older.length > 0)
    draft.boughtEarlier = addItems(
      draft.boughtEarlier,
      older.map((p) => p.itemId),
    );
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
): void {
  const at = Date.parse(event.timestamp);
  // Redemptions count toward an offer's cap whatever the customer's other settings.
  // Only an offer that exists counts (and is remembered): ids a caller makes up never grow the profile.
  if (event.type === "offer_redeemed" && redeemedOffer && redeemedOffer.offerId === event.offerId) {
    draft.offers ??= emptyProfileOffers();
    redeemInPlace(draft.offers, redeemedOffer, at);
  }
  if (personalizationPausedAt(draft, at)) return;
  // Only an anonymous visitor's history merges through an event, whatever an older record says.
  if (
    event.type === "identify" &&
    merge &&
    event.previousId !== undefined &&
    isAnonymousId(event.previousId)
  ) {
    absorbInPlace(draft, event.previousId, merge, settings);
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
  if (event.type === "purchase") {
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
