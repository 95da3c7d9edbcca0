import { type AffinitySettings, addVectorInPlace } from "./affinity.js";
import { dict } from "./dict.js";
import { unionItems } from "./item-filter.js";
import { mergeMessagesInPlace } from "./message-sends.js";
import { boundRedemptions } from "./offers.js";
import {
  keepNewestItems,
  keepNewestPurchases,
  PROFILE_LIMITS,
  type ProfileState,
  workingCopy,
} from "./profile-state.js";
import { mergeRelatedInPlace } from "./related-pool.js";
import { ROTATION_LIMITS } from "./rotation.js";

const newestFirst = <T extends { at: number }>(list: T[], max: number) =>
  list.sort((a, b) => b.at - a.at).slice(0, max);

/**
 * Folds an anonymous visitor's profile into the known customer's, as if one person had done both:
 * interests and related items add up with their decay, histories interleave by time, purchases unite,
 * channel activity and impressions add up. The customer's own preferences and consent stand.
 * Mutates `into` (a working copy inside applyEvents).
 */
export function mergeProfileInPlace(
  into: ProfileState,
  other: ProfileState,
  settings: AffinitySettings,
): void {
  addVectorInPlace(into.affinity, other.affinity, settings.halfLifeMs, settings.maxFeatures);
  mergeRelatedInPlace(into.related, other.related);

  into.recentItems = newestFirst([...into.recentItems, ...other.recentItems], Number.POSITIVE_INFINITY);
  if (other.seenEarlier) into.seenEarlier = unionItems(into.seenEarlier, other.seenEarlier);
  keepNewestItems(into);
  const purchases = new Map(into.purchases.map((p) => [p.itemId, p.at]));
  for (const p of other.purchases) purchases.set(p.itemId, Math.max(p.at, purchases.get(p.itemId) ?? 0));
  into.purchases = [...purchases].map(([itemId, at]) => ({ itemId, at })).sort((a, b) => b.at - a.at);
  if (other.boughtEarlier) into.boughtEarlier = unionItems(into.boughtEarlier, other.boughtEarlier);
  keepNewestPurchases(into);

  for (const [channel, activity] of Object.entries(other.channels) as [
    keyof ProfileState["channels"],
    { events: number; lastAt: number },
  ][]) {
    const mine = into.channels[channel];
    into.channels[channel] = {
      events: (mine?.events ?? 0) + activity.events,
      lastAt: Math.max(mine?.lastAt ?? 0, activity.lastAt),
    };
  }
  into.eventCount += other.eventCount;

  for (const [id, shown] of Object.entries(other.shown)) {
    const mine = into.shown[id];
    into.shown[id] = {
      count: (mine?.count ?? 0) + shown.count,
      lastAt: Math.max(mine?.lastAt ?? 0, shown.lastAt),
    };
  }
  const shownIds = Object.keys(into.shown).sort(
    (a, b) => (into.shown[b]?.lastAt ?? 0) - (into.shown[a]?.lastAt ?? 0),
  );
  for (const id of shownIds.slice(ROTATION_LIMITS.maxItems)) delete into.shown[id];

  if (other.country && other.country.at > (into.country?.at ?? 0)) into.country = other.country;
  if (other.offers) {
    const offers = { triggered: dict(into.offers?.triggered), redeemed: dict(into.offers?.redeemed) };
    for (const [id, t] of Object.entries(other.offers.triggered)) offers.triggered[id] ??= t;
    for (const [id, r] of Object.entries(other.offers.redeemed)) {
      const mine = offers.redeemed[id];
      offers.redeemed[id] = {
        times: (mine?.times ?? 0) + r.times,
        until: Math.max(mine?.until ?? 0, r.until),
      };
    }
    boundRedemptions(offers, into.affinity.latest);
    into.offers = offers;
  }
  mergeMessagesInPlace(into, other);
  const consented = into.preferences?.locationConsent === true;
  if (consented && other.lastLocation && other.lastLocation.at > (into.lastLocation?.at ?? 0)) {
    into.lastLocation = other.lastLocation;
  }
}

/**
 * Folds another profile (`source`, at the version read) into `draft` and remembers the merge, so that
 * finishing an interrupted one (emptying the source) can tell it was done. Mutates `draft`.
 */
export function absorbInPlace(
  draft: ProfileState,
  sourceId: string,
  source: { state: ProfileState; version: number },
  settings: AffinitySettings,
): void {
  mergeProfileInPlace(draft, source.state, settings);
  // Newest last; only the latest few are remembered (enough to finish an interrupted merge).
  const kept = Object.entries(draft.mergedFrom ?? {})
    .filter(([id]) => id !== sourceId)
    .slice(-(PROFILE_LIMITS.mergedIds - 1));
  draft.mergedFrom = dict([...kept, [sourceId, source.version] as const]);
}

/**
 * `profile` with `source`'s profile (at the version read) merged in, as an admin's merge of two known
 * customers does: the same fold an `identify` event applies to an anonymous visitor. The input is untouched.
 */
export function mergedProfile(
  profile: ProfileState,
  sourceId: string,
  source: { state: ProfileState; version: number },
  settings: AffinitySettings,
): ProfileState {
  const draft = workingCopy(profile);
  absorbInPlace(draft, sourceId, source, settings);
  return draft;
}
