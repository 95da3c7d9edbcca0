import { type Principal, requireAdmin } from "../auth/principal.js";
import type { PageRequest } from "../data/listing.js";
import type { OfferMove } from "../data/offer-cell-index.js";
import type { StoredOffer } from "../data/offer-store.js";
import { cellsCovering } from "../domain/geo.js";
import { NotFound } from "../errors.js";
import type { Offer } from "../schemas/offer.js";
import { type PageQuery, pageResponse } from "../schemas/paging.js";

/** What the offers admin needs: offers by id and in pages, and the by-cell index serving reads. */
export interface OfferAdminDeps {
  offers: {
    loadOffers(offerIds: readonly string[]): Promise<Map<string, StoredOffer>>;
    saveOffers(offers: readonly StoredOffer[]): Promise<void>;
    deleteOffer(offerId: string): Promise<void>;
    listOffers(page: PageRequest): Promise<{ offers: StoredOffer[]; last?: string }>;
  };
  cells: {
    /**
     * Moves each offer from the cells it was indexed in to those it touches now (none: it leaves).
     * @throws Conflict when a place would hold too many offers; nothing is written then.
     */
    move(moves: readonly OfferMove[]): Promise<void>;
  };
}

/** Creates or replaces offers (admin). Sending the same request again changes nothing. */
export async function putOffers(
  principal: Principal,
  offers: readonly Offer[],
  deps: OfferAdminDeps,
): Promise<{ upserted: number }> {
  requireAdmin(principal);
  const latest = new Map(offers.map((o) => [o.offerId, o]));
  const previous = await deps.offers.loadOffers([...latest.keys()]);
  const stored: StoredOffer[] = [...latest.values()].map((o) => ({
    ...o,
    cells: cellsCovering(o.location, o.radiusM),
  }));
  await deps.cells.move(
    stored.map((o) => {
      const { cells, ...offer } = o;
      return { offerId: o.offerId, from: previous.get(o.offerId)?.cells ?? [], to: offer, toCells: cells };
    }),
  );
  await deps.offers.saveOffers(stored);
  return { upserted: stored.length };
}

export async function getOffer(principal: Principal, offerId: string, deps: OfferAdminDeps): Promise<Offer> {
  requireAdmin(principal);
  const stored = (await deps.offers.loadOffers([offerId])).get(offerId);
  if (!stored) throw new NotFound(`No offer with id "${offerId}".`);
  const { cells: _, ...offer } = stored;
  return offer;
}

/** Removes an offer: it stops being found at once, and customers' triggered copies stop being shown. */
export async function deleteOffer(
  principal: Principal,
  offerId: string,
  deps: OfferAdminDeps,
): Promise<void> {
  requireAdmin(principal);
  const stored = (await deps.offers.loadOffers([offerId])).get(offerId);
  if (!stored) throw new NotFound(`No offer with id "${offerId}".`);
  await deps.cells.move([{ offerId, from: stored.cells, toCells: [] }]);
  await deps.offers.deleteOffer(offerId);
}

/** A page of the offers in id order (admin): `{ offers, nextCursor? }`, the cursor only when more follow. */
export async function listOffers(principal: Principal, page: PageQuery, deps: OfferAdminDeps) {
  requireAdmin(principal);
  const { offers, last } = await deps.offers.listOffers({ limit: page.limit, after: page.cursor });
  const rows: Offer[] = offers.map(({ cells: _, ...offer }) => offer);
  return pageResponse("offers", "offers", { rows, last });
}
