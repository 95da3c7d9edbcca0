import { dict } from "../domain/dict.js";
import { Conflict, DependencyUnavailable } from "../errors.js";
import type { Offer } from "../schemas/offer.js";
import { mergeRows } from "./merge-rows.js";
import {
  CELL_SHARDS,
  type CellRow,
  cellRowId,
  cellShardOf,
  type DynamoOfferStore,
  MAX_CELL_ROW_BYTES,
  MAX_OFFERS_PER_CELL_ROW,
} from "./offer-store.js";

/** One offer leaving the cells it was indexed in (`from`) for those it touches now (`toCells`, as `to`). */
export interface OfferMove {
  offerId: string;
  from: readonly string[];
  /** The offer as the cells hold it; absent when it leaves the index. */
  to?: Offer;
  toCells: readonly string[];
}

/** The by-cell index of offers that serving reads a place's offers from, kept in step by the admin. */
export class DynamoOfferCellIndex {
  constructor(private readonly store: Pick<DynamoOfferStore, "cellRows">) {}

  /**
   * Moves offers in the index: each touched cell row is read once and written once (conditionally on its
   * version), removing offers from cells they left and adding them to cells they now touch.
   * @throws Conflict when a cell row would grow past its bounds (nothing is written then).
   * @throws DependencyUnavailable when some rows could not be written; sending the request again repairs them.
   */
  async move(moves: readonly OfferMove[]): Promise<void> {
    const cellRows = this.store.cellRows;
    const edits = new Map<string, { remove: Set<string>; add: Map<string, Offer> }>();
    const edit = (id: string) => {
      const e = edits.get(id) ?? { remove: new Set<string>(), add: new Map<string, Offer>() };
      edits.set(id, e);
      return e;
    };
    for (const move of moves) {
      const shard = cellShardOf(move.offerId);
      for (const cell of move.from) edit(cellRowId(cell, shard)).remove.add(move.offerId);
      for (const cell of move.toCells)
        if (move.to) edit(cellRowId(cell, shard)).add.set(move.offerId, move.to);
    }
    // A dense cell must not grow a row past its bounds (offers and bytes): refuse before writing anything.
    const current = await cellRows.load([...edits.keys()]);
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
      cellRows,
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
}
