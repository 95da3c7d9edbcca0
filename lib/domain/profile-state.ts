import type { Channel, EventType } from "../schemas/event.js";
import type { ContactChannel, Preferences } from "../schemas/preferences.js";
import type { Affinity } from "./affinity.js";
import { type Dict, dict } from "./dict.js";
import { addItems, type ItemFilter, itemLookup } from "./item-filter.js";
import type { ShownItems } from "./rotation.js";

/*
 * The profile's state: its shape, its bounds, and the copy a fold works on. A leaf of the profile: the parts
 * (offers, the related pool, preferences, co-occurrence, merging) read and change it through these types,
 * and the fold (profile.ts) imports the parts. So the shapes of the parts that also read the profile
 * (offers, the related pool) live here too; how they change lives in their own modules.
 */

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
  /** Communications sent to the customer (`message_sent` events): per message and per channel. */
  messages?: ProfileMessages | undefined;
  /** The latest time (epoch ms) of each event type, for journey-aware suppression: at most one per type. */
  latestByType?: Partial<Record<EventType, number>> | undefined;
}

export const PROFILE_LIMITS = { recentItems: 50, purchases: 200, mergedIds: 20 } as const;

/** A customer's offers: those a location event triggered (until they expire) and redemptions per offer. */
export interface ProfileOffers {
  triggered: Dict<{ at: number; until: number }>;
  /** Per offer that exists: how often it was redeemed, and until when that matters (its `validUntil`). */
  redeemed: Dict<Redemptions>;
}

export interface Redemptions {
  times: number;
  /** Epoch ms; after it the offer is over and its count is forgotten. */
  until: number;
}

/**
 * Items that go with what the customer interacted with: the neighbours of each item they viewed, clicked,
 * carted or bought, weighted by the interaction. Kept in the profile, so "for you" knows which catalog
 * entries to read with its second round trip; what each candidate is worth, and why, is scored then from
 * the neighbour rows of the customer's latest items as they are at the time of the request
 * (recent-neighbours.ts), so the pool keeps neither reasons nor exact weights.
 *
 * Contributions decay by the customer's own sequence of interactions, not by time: each interaction is one
 * step, and a contribution halves every `halfLifeSteps` interactions since. What predicts a customer's next
 * action best is their last few actions (session-based kNN, Ludewig & Jannach 2018), whenever they happened;
 * a 30-day half-life would weigh their last action like their fiftieth. Stored with forward decay over
 * steps (see affinity.ts), so a fold is independent of batch boundaries.
 */
export interface RelatedPool {
  vector: Affinity;
  /** Item interactions folded in so far: the pool's clock. */
  steps: number;
}

/**
 * What was sent to a customer: per message (at most MESSAGE_LIMITS.messages, the least recently sent
 * forgotten first), how often and when last; per channel, how often and when last (what frequency limits ask).
 */
export interface ProfileMessages {
  sent: Dict<MessageSends>;
  channels: Partial<Record<ContactChannel, { times: number; lastAt: number }>>;
}

export interface MessageSends {
  times: number;
  /** Epoch ms of the latest send. */
  lastAt: number;
  /** The channel and variant of the latest send. */
  channel: ContactChannel;
  variantId?: string | undefined;
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
    ...(profile.messages
      ? { messages: { sent: dict(profile.messages.sent), channels: { ...profile.messages.channels } } }
      : {}),
    ...(profile.latestByType ? { latestByType: { ...profile.latestByType } } : {}),
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
