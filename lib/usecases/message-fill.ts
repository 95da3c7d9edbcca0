import type { Principal } from "../auth/principal.js";
import type { StoredProfile } from "../data/profile-store.js";
import type { ReadRequest, ReadResult, RecommendationReads } from "../data/recommendation-reads.js";
import { personalized } from "../domain/preferences.js";
import { ALL, scopeId } from "../domain/trending.js";
import type { MessageReason, NextMessageRequest, NextMessageResponse } from "../schemas/messages.js";
import type { Offer } from "../schemas/offer.js";
import { customerOffers, type OfferReads } from "./customer-offers.js";
import type { Arm } from "./experiment-arm.js";
import type { ListDeps } from "./list-deps.js";
import { recommendForCustomer } from "./recommend-for-customer.js";

/** What a message decision and its fill need from the store; the fill reuses the list use cases. */
export interface MessageDeps extends ListDeps {
  offers: OfferReads;
}

/**
 * What "recommended for you" reads first, for a request without country or category: read with the
 * decision's profile, so that a filled message costs two round trips, as the list does.
 */
export const FILL_FIRST_READ = {
  trendScopes: [scopeId(ALL, ALL)],
  newArrivals: true,
  rules: "recommendations",
} as const;

type Fill = Pick<NextMessageResponse, "items" | "offers" | "personalized"> & { reasons: MessageReason[] };

/**
 * The communication's free space, filled by the for-you list or the customer's offers (the arm's strategy
 * may replace the source asked for), as those use cases serve them to the customer themselves: their
 * exclusions, rules and (without personalization) the non-personalized list. `first` is what the decision
 * read (the profile, and `FILL_FIRST_READ` when asked), so the list's own first read costs nothing: one
 * more round trip for the fill. The list's own experiment does not apply; the `messages` arm's does.
 */
export async function fillMessage(
  customerId: string,
  fill: NonNullable<NextMessageRequest["fill"]>,
  arm: Arm,
  first: ReadResult,
  deps: MessageDeps,
): Promise<Fill> {
  const source = arm.strategy.messageFill === "asked" ? fill.source : arm.strategy.messageFill;
  // The decision was authorised already: the list is served as to the customer themselves.
  const asCustomer: Principal = { subject: customerId, scopes: new Set(["customer"]) };
  const primed = { strategy: arm.strategy, experiments: { record: async () => {} } };
  const profile = first.profile?.state;
  const personal = personalized(profile);
  const reasons: MessageReason[] = personal
    ? []
    : [
        {
          type: "not_personalized",
          text: "The free space is filled without personalization: the customer switched it off.",
        },
      ];
  if (source === "recommendations") {
    const reads = primedReads(deps.reads, { customerId, ...FILL_FIRST_READ }, first);
    const list = await recommendForCustomer(
      asCustomer,
      { customerId, limit: fill.limit },
      { ...deps, ...primed, reads },
    );
    return { items: list.items, personalized: personal, reasons };
  }
  const offers = primedOffers(deps.offers, customerId, first.profile);
  const list = await customerOffers(
    asCustomer,
    { customerId, limit: fill.limit },
    { ...deps, ...primed, offers },
  );
  return { offers: list.offers, personalized: personal, reasons };
}

const KNOWN_READ_FIELDS = new Set<string>(["customerId", "trendScopes", "newArrivals", "placement", "rules"]);

/** Whether `done`'s result holds everything `wanted` asks for (a placement's experiment aside: see below). */
function covers(done: ReadRequest, wanted: ReadRequest): boolean {
  return (
    Object.entries(wanted).every(([field, value]) => value === undefined || KNOWN_READ_FIELDS.has(field)) &&
    (wanted.customerId === undefined || wanted.customerId === done.customerId) &&
    (wanted.trendScopes ?? []).every((s) => done.trendScopes?.includes(s)) &&
    (!wanted.newArrivals || done.newArrivals === true) &&
    (wanted.rules === undefined || wanted.rules === done.rules)
  );
}

/**
 * Reads whose first call is answered from a read already made (when it holds everything asked), so a use
 * case reused for a fill does not read the profile again; any other call goes to the store. The answer
 * carries no running experiment: the fill is part of the message's arm, not of the list's placement.
 */
export function primedReads(
  reads: RecommendationReads,
  done: ReadRequest,
  result: ReadResult,
): RecommendationReads {
  let used = false;
  return {
    catalogEntries: (itemIds) => reads.catalogEntries(itemIds),
    read: async (request) => {
      if (used || !covers(done, request)) return reads.read(request);
      used = true;
      return { ...result, running: undefined };
    },
  };
}

/** The offers store, with the profile read already: a first read of no cell for the customer costs nothing. */
function primedOffers(
  offers: MessageDeps["offers"],
  customerId: string,
  profile: StoredProfile | undefined,
): MessageDeps["offers"] {
  return {
    loadOffers: (ids) => offers.loadOffers(ids),
    readCells: async (cells, forCustomer, withPlacement) =>
      cells.length === 0 && forCustomer === customerId
        ? { offers: new Map<string, Offer>(), profile }
        : offers.readCells(cells, forCustomer, withPlacement),
  };
}
