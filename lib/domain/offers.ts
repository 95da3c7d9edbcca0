import type { Offer } from "../schemas/offer.js";
import { type Dict, dict } from "./dict.js";
import { distanceM } from "./geo.js";
import { preferencesOf, underAny } from "./preferences.js";
import type { ProfileOffers, ProfileState, Redemptions } from "./profile-state.js";

/**
 * At most this many offers are remembered per customer. Past `redeemed`'s bound the count of the offer
 * that ends soonest is forgotten first (a customer redeeming more than 200 live offers could see that one
 * again); nothing a caller sends grows the profile beyond it.
 */
export const OFFER_LIMITS = { triggered: 50, redeemed: 200 } as const;

export const emptyProfileOffers = (): ProfileOffers => ({ triggered: dict(), redeemed: dict() });

const live = (offer: Offer, at: number) =>
  Date.parse(offer.validFrom) <= at && at < Date.parse(offer.validUntil);

/**
 * Whether an offer may be shown to this customer at `at`: valid then, allowed in their country, for their
 * audience (new: no purchase yet; returning: at least one), under their redemption cap, and not in a
 * category they blocked.
 */
export function offerAllowed(offer: Offer, profile: ProfileState | undefined, at: number): boolean {
  if (!live(offer, at)) return false;
  if (offer.countries && !offer.countries.includes(profile?.country?.code ?? "")) return false;
  const purchases = profile?.purchases.length ?? 0;
  if (offer.audience === "new" && purchases > 0) return false;
  if (offer.audience === "returning" && purchases === 0) return false;
  const redeemed = profile?.offers?.redeemed[offer.offerId]?.times ?? 0;
  if (offer.maxPerCustomer !== undefined && redeemed >= offer.maxPerCustomer) return false;
  return !underAny(offer.categories, preferencesOf(profile).blockedCategories);
}

/** Offers whose area contains the point, with the exact (haversine) distance to each centre. */
export function offersContaining(
  point: { lat: number; lon: number },
  offers: Iterable<Offer>,
): { offer: Offer; distanceM: number }[] {
  const inside: { offer: Offer; distanceM: number }[] = [];
  for (const offer of offers) {
    const d = distanceM(point, offer.location);
    if (d <= offer.radiusM) inside.push({ offer, distanceM: d });
  }
  return inside;
}

/**
 * Counts one redemption of `offer` (one that exists) at `at`, forgets redemptions of offers that are over,
 * and keeps the bound. Mutates `offers`.
 */
export function redeemInPlace(offers: ProfileOffers, offer: Offer, at: number): void {
  const until = Date.parse(offer.validUntil);
  const earlier = offers.redeemed[offer.offerId];
  offers.redeemed[offer.offerId] = {
    times: (earlier?.times ?? 0) + 1,
    until: Math.max(until, earlier?.until ?? 0),
  };
  boundRedemptions(offers, at);
}

/** Drops redemptions of offers over at `at`, then those ending soonest past the bound. Mutates `offers`. */
export function boundRedemptions(offers: ProfileOffers, at: number): void {
  for (const [id, r] of Object.entries(offers.redeemed)) if (r.until <= at) delete offers.redeemed[id];
  const ids = Object.keys(offers.redeemed);
  if (ids.length <= OFFER_LIMITS.redeemed) return;
  ids.sort((a, b) => (offers.redeemed[a]?.until ?? 0) - (offers.redeemed[b]?.until ?? 0) || (a < b ? -1 : 1));
  for (const id of ids.slice(0, ids.length - OFFER_LIMITS.redeemed)) delete offers.redeemed[id];
}

/** Redemption counts as stored before they carried their offer's end: kept until an offer is redeemed again. */
export function redemptionsFromStored(stored: Dict<Redemptions | number>): Dict<Redemptions> {
  const out = dict<Redemptions>();
  for (const [id, r] of Object.entries(stored)) {
    out[id] = typeof r === "number" ? { times: r, until: Number.MAX_SAFE_INTEGER } : r;
  }
  return out;
}

/**
 * A location event at `at` inside offers' areas adds each allowed one to the customer's offer list, once:
 * an offer already there is left as it was. Expired entries go; the list stays bounded. Mutates `offers`.
 * The point itself is not kept.
 */
export function triggerInPlace(
  offers: ProfileOffers,
  profile: ProfileState,
  point: { lat: number; lon: number },
  nearby: Iterable<Offer>,
  at: number,
): void {
  for (const [id, entry] of Object.entries(offers.triggered))
    if (entry.until <= at) delete offers.triggered[id];
  for (const { offer } of offersContaining(point, nearby)) {
    if (offers.triggered[offer.offerId] || !offerAllowed(offer, profile, at)) continue;
    offers.triggered[offer.offerId] = { at, until: Date.parse(offer.validUntil) };
  }
  const ids = Object.keys(offers.triggered);
  if (ids.length <= OFFER_LIMITS.triggered) return;
  ids.sort((a, b) => (offers.triggered[a]?.at ?? 0) - (offers.triggered[b]?.at ?? 0));
  for (const id of ids.slice(0, ids.length - OFFER_LIMITS.triggered)) delete offers.triggered[id];
}
