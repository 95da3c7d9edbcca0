import { itemLookup } from "./item-filter.js";
import { preferencesOf, underAny } from "./preferences.js";
import type { ProfileState } from "./profile-state.js";

/** Who a list is for, as far as it decides which items may appear at all. */
export interface Audience {
  /** The caller's country: items whose `regions` leave it out never appear. */
  country?: string | undefined;
  /** Items the customer bought: left out (they do not need recommending again). */
  purchased?: { has(itemId: string): boolean };
  /** Categories the customer blocked: items in them, or below them, never appear. */
  blockedCategories?: readonly string[];
}

/** What eligibility looks at; an inline rank candidate has only the first two. */
export interface Offerable {
  itemId: string;
  categories?: readonly string[] | undefined;
  available?: boolean | undefined;
  regions?: readonly string[] | undefined;
}

/** Every item the customer bought: the newest exactly, older ones through the profile's filter. */
function boughtBy(profile: ProfileState | undefined): { has(itemId: string): boolean } {
  const newest = new Set(profile?.purchases.map((p) => p.itemId));
  const older = profile?.boughtEarlier ? itemLookup(profile.boughtEarlier) : () => false;
  return { has: (itemId) => newest.has(itemId) || older(itemId) };
}

/**
 * What the customer already interacted with, for "recommended for you" to leave out: with
 * `seenAgainAfterDays` null, every item in their history and (through its filter) every older one; else
 * only items touched within that many days of `now`.
 */
export function seenBy(
  profile: ProfileState | undefined,
  seenAgainAfterDays: number | null,
  now: number,
): (itemId: string) => boolean {
  if (!profile) return () => false;
  const since =
    seenAgainAfterDays === null ? Number.NEGATIVE_INFINITY : now - seenAgainAfterDays * 86_400_000;
  const recent = new Set(profile.recentItems.filter((h) => h.at >= since).map((h) => h.itemId));
  const older =
    seenAgainAfterDays === null && profile.seenEarlier ? itemLookup(profile.seenEarlier) : () => false;
  return (itemId) => recent.has(itemId) || older(itemId);
}

/** The audience of a customer's list: their country unless the request names one, and their purchases. */
export function audienceOf(profile: ProfileState | undefined, country: string | undefined): Audience {
  return {
    country: country ?? profile?.country?.code,
    purchased: boughtBy(profile),
    blockedCategories: preferencesOf(profile).blockedCategories,
  };
}

/** Whether an item may appear in a list for this audience at all. */
export function isOffered(item: Offerable, audience: Audience): boolean {
  if (item.available === false) return false;
  const { country } = audience;
  if (country !== undefined && item.regions !== undefined && !item.regions.includes(country)) return false;
  if (audience.purchased?.has(item.itemId)) return false;
  return !underAny(item.categories, audience.blockedCategories ?? []);
}
