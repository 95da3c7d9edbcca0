import { type Principal, requireAdmin } from "../auth/principal.js";
import { mergeRows } from "../data/merge-rows.js";
import {
  CELL_SHARDS,
  type CellRow,
  cellRowId,
  cellShardOf,
  type DynamoOfferStore,
  MAX_CELL_ROW_BYTES,
  MAX_OFFERS_PER_CELL_ROW,
  type StoredOffer,
} from "../data/offer-store.js";
import { dict } from "../domain/dict.js";
import { cellsCovering } from "../domain/geo.js";
import { Conflict, DependencyUnavailable, NotFound } from "../errors.js";
import type { Offer } from "../schemas/offer.js";
import { type PageQuery, pageResponse } from "../schemas/paging.js";

type OfferStore = Pick<
  DynamoOfferStore,
  "loadOffers" | "saveOffers" | "deleteOffer" | "cellRows" | "listOffers"
>;

/**
 * Moves offers in the cell index: each touched cell row is read once and written once (conditionally on
 * its version), removing offers from cells they left and adding them to cells they now touch.
 */
async function reindex(
  store: OfferStore,
  changes: { offerId: string; from: string[]; to?: Offer; toCells: string[] }[],
) {
  const edits = new Map<string, { remove: Set<string>; add: Map<string, Offer> }>();
  const edit = (id: string) => {
    const e = edits.get(id) ?? { remove: new Set<string>(), add: new Map<string, Offer>() };
    edits.set(id, e);
    return e;
  };
  for (const change of changes) {
    const shard = cellShardOf(change.offerId);
    for (const cell of change.from) edit(cellRowId(cell, shard)).remove.add(change.offerId);
    for (const cell of change.toCells)
      if (change.to) edit(cellRowId(cell, shard)).add.set(change.offerId, change.to);
  }
  // A dense cell must not grow a row past its bounds (offers and bytes): refuse before writing anything.
  const current = await store.cellRows.load([...edits.keys()]);
  for (const [id, e] of edits) {
    const offers = dict(current.get(id)?.row.offers);
    for (const r of e.remove) delete offers[r];
    for (const [offerId, offer] of e.add) offers[offerId] = offer;
    if (
      Object.keys(offers).length > MAX_OFFERS_PER_CELL_ROW ||
      Buffer.byteLength(JSON.stringify(offers)) > MAX_CELL_ROW_BYTES
    ) {
      throw new Conflict(
        `Too many offers in one place (cell ${id.split("#")[0]}); at most ${MAX_OFFERS_PER_CELL_ROW * CELL_SHARDS} per cell, fewer when they are large.`,
      );
    }
  }
  const failed = await mergeRows<CellRow>(
    [...edits.keys()],
    store.cellRows,
    (id) => ({ id, offers: dict() }),
    (row) => {
      const e = edits.get(row.id);
      const offers = dict(row.offers);
      for (const r of e?.remove ?? []) delete offers[r];
      for (const [offerId, offer] of e?.add ?? []) offers[offerId] = offer;
      return { id: row.id, offers };
    },
    current,
  );
  if (failed > 0)
    throw new DependencyUnavailable("Some offers could not be indexed; send the request again.");
}

/** Creates or replaces offers (admin). Sending the same request again changes nothing. */
export async function putOffers(
  principal: Principal,
  offers: readonly Offer[],
  store: OfferStore,
): Promise<{ upserted: number }> {
  requireAdmin(principal);
  const latest = new Map(offers.map((o) => [o.offerId, o]));
  const previous = await store.loadOffers([...latest.keys()]);
  const stored: StoredOffer[] = [...latest.values()].map((o) => ({
    ...o,
    cells: cellsCovering(o.location, o.radiusM),
  }));
  await reindex(
    store,
    stored.map((o) => {
      const { cells, ...offer } = o;
      return { offerId: o.offerId, from: previous.get(o.offerId)?.cells ?? [], to: offer, toCells: cells };
    }),
  );
  await store.saveOffers(stored);
  return { upserted: stored.length };
}

export async function getOffer(principal: Principal, offerId: string, store: OfferStore): Promise<Offer> {
  requireAdmin(principal);
  const stored = (await store.loadOffers([offerId])).get(offerId);
  if (!stored) throw new NotFound(`No offer with id "${offerId}".`);
  const { cells: _, ...offer } = stored;
  return offer;
}

/** Removes an offer: it stops being found at once, and customers' triggered copies stop being shown. */
export async function deleteOffer(principal: Principal, offerId: string, store: OfferStore): Promise<void> {
  requireAdmin(principal);
  const stored = (await store.loadOffers([offerId])).get(offerId);
  if (!stored) throw new NotFound(`No offer with id "${offerId}".`);
  await reindex(store, [{ offerId, from: stored.cells, toCells: [] }]);
  await store.deleteOffer(offerId);
}

/** A page of the offers in id order (admin): `{ offers, nextCursor? }`, the cursor only when more follow. */
export async function listOffers(principal: Principal, page: PageQuery, store: OfferStore) {
  requireAdmin(principal);
  const { offers, last } = await store.listOffers({ limit: page.limit, after: page.cursor });
  const rows: Offer[] = offers.map(({ cells: _, ...offer }) => offer);
  return pageResponse("offers", "offers", { rows, last });
}
