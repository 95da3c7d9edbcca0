/**
 * What each event type does, in one total table: the schema's field rules, the affinity and trend weights,
 * the co-occurrence relations it counts in, experiment attribution and what the stream consumer reads for it
 * before folding. A new type does not compile until its row is filled. docs/architecture.md ("Event types")
 * shows the same table; test/lib/schemas/event-types.test.ts checks that the two agree.
 *
 * It lives in lib/schemas because the event schema reads it and lib/schemas imports no other room; the
 * domain and use cases read it from here.
 */

export const EVENT_TYPES = [
  "view",
  "click",
  "add_to_cart",
  "purchase",
  "rate",
  "dismiss",
  "search",
  "location",
  "impression",
  "offer_redeemed",
  "identify",
  "message_sent",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A field an event type requires. */
export type RequiredEventField =
  | "itemId"
  | "itemIds"
  | "offerId"
  | "query"
  | "location"
  | "previousId"
  | "messageId"
  | "messageChannel";

/** What the stream consumer reads for an event of this type in a batch's first wave, before folding. */
export type EventPrefetch =
  /** The item's bought-together row: its neighbours join the related pool. */
  | "coBoughtRow"
  /** The anonymous profile an `identify` merges (when `previousId` is anonymous). */
  | "mergeSource"
  /** The redeemed offer, by id: only offers that exist count. */
  | "redeemedOffer"
  /** The offers whose areas cover the event's geohash cell. */
  | "offerCells";

export interface EventTypeBehaviour {
  /** Fields the event schema requires for this type. */
  requires: readonly RequiredEventField[];
  /** What `value` means: a 1–5 rating (required), a purchase amount (optional, not negative), or nothing. */
  value: "rating" | "amount" | "unused";
  /**
   * How strongly it says "I like this" about its item (a dismissal says the opposite), added to the item's
   * features and scaling the related pool's signal; `"rating"`: 1.5·(value − 3).
   */
  affinity: number | "rating";
  /** How much it says "people want this now" (trending); 0: it does not count. */
  trend: number;
  /** Counts toward also viewed (the customer's recent history). */
  alsoViewed: boolean;
  /**
   * The item is bought: it joins the purchase list (never recommended again), counts toward bought
   * together, and its bought-together neighbours join the related pool.
   */
  bought: boolean;
  /** With a tagged `recommendationId`, the experiment fact it records. */
  attribution: "CLICK" | "CONVERSION" | null;
  /**
   * What the consumer reads for it in the batch's first wave, beyond what every event naming an `itemId`
   * brings (the item's catalog entry and also-viewed row).
   */
  prefetch: readonly EventPrefetch[];
}

/** Total: a type without a row, or a row without every field, does not compile. */
export const EVENT_TYPE_BEHAVIOUR: Readonly<Record<EventType, Readonly<EventTypeBehaviour>>> = {
  view: {
    requires: ["itemId"],
    value: "unused",
    affinity: 1,
    trend: 1,
    alsoViewed: true,
    bought: false,
    attribution: null,
    prefetch: [],
  },
  click: {
    requires: ["itemId"],
    value: "unused",
    affinity: 2,
    trend: 2,
    alsoViewed: true,
    bought: false,
    attribution: "CLICK",
    prefetch: [],
  },
  add_to_cart: {
    requires: ["itemId"],
    value: "unused",
    affinity: 4,
    trend: 3,
    alsoViewed: true,
    bought: false,
    attribution: "CONVERSION",
    prefetch: [],
  },
  purchase: {
    requires: ["itemId"],
    value: "amount",
    affinity: 8,
    trend: 5,
    alsoViewed: true,
    bought: true,
    attribution: "CONVERSION",
    prefetch: ["coBoughtRow"],
  },
  rate: {
    requires: ["itemId"],
    value: "rating",
    affinity: "rating",
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: [],
  },
  dismiss: {
    requires: ["itemId"],
    value: "unused",
    affinity: -3,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: [],
  },
  search: {
    requires: ["query"],
    value: "unused",
    affinity: 0,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: [],
  },
  location: {
    requires: ["location"],
    value: "unused",
    affinity: 0,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: ["offerCells"],
  },
  impression: {
    requires: ["itemIds"],
    value: "unused",
    affinity: 0,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: [],
  },
  offer_redeemed: {
    requires: ["offerId"],
    value: "unused",
    affinity: 0,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: "CONVERSION",
    prefetch: ["redeemedOffer"],
  },
  identify: {
    requires: ["previousId"],
    value: "unused",
    affinity: 0,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: ["mergeSource"],
  },
  // A communication sent: it counts toward the customer's frequency limits and the message's sendNumber.
  message_sent: {
    requires: ["messageId", "messageChannel"],
    value: "unused",
    affinity: 0,
    trend: 0,
    alsoViewed: false,
    bought: false,
    attribution: null,
    prefetch: [],
  },
};

/** The event types whose row passes `test`, in `EVENT_TYPES` order. */
export const eventTypesWhere = (test: (row: EventTypeBehaviour) => boolean): ReadonlySet<EventType> =>
  new Set(EVENT_TYPES.filter((type) => test(EVENT_TYPE_BEHAVIOUR[type])));
