import { type Dict, parseJsonDocument } from "../../domain/dict.js";
import type { Offer } from "../../schemas/offer.js";
import {
  type KeyPattern,
  type RowItem,
  recogniser,
  type StoredItem,
  type TableKey,
  VERSION_ATTRIBUTE,
  versionOf,
} from "./row-kind.js";

/** One shard of one cell: the offers whose area touches it. `id`: `<cell>#<shard>`. */
export interface CellRow {
  id: string;
  offers: Dict<Offer>;
}

const pattern = { pk: "CELL#", sk: "OFFERS" } as const satisfies KeyPattern;

/**
 * The offers whose area touches a 4-character geohash cell, split over shards so a dense city stays
 * bounded: `doc` (binary UTF-8 JSON: the offers by id), `v` its version.
 */
export const offerCellRow = {
  name: "offer cell",
  pattern,
  key: (cell: string, shard: number): TableKey => offerCellRow.keyOfId(offerCellRow.rowId(cell, shard)),
  recognises: recogniser(pattern),
  /** A cell row's id (`<cell>#<shard>`), as CellRow names it. */
  rowId: (cell: string, shard: number) => `${cell}#${shard}`,
  /** The key of the row a CellRow id names. */
  keyOfId: (id: string): TableKey => ({ pk: `${pattern.pk}${id}`, sk: pattern.sk }),
  toItem: (row: CellRow, version: number): RowItem => ({
    ...offerCellRow.keyOfId(row.id),
    [VERSION_ATTRIBUTE]: version,
    doc: Buffer.from(JSON.stringify(row.offers), "utf8"),
  }),
  fromItem: (item: StoredItem): { row: CellRow; version: number } => ({
    row: { id: String(item.pk).slice(pattern.pk.length), offers: offerCellRow.offersOf(item) },
    version: versionOf(item),
  }),
  /** Only the offers of a stored cell row. */
  offersOf: (item: StoredItem): Dict<Offer> =>
    parseJsonDocument(Buffer.from(item.doc as Uint8Array).toString("utf8")) as Dict<Offer>,
};
