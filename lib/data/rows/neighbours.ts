import type { Neighbourhood, Relation } from "../../domain/co-occurrence.js";
import { type Dict, dict } from "../../domain/dict.js";
import { type DocumentFormat, packDocument, unpackDocument, WRITTEN_FORMAT } from "./packed-document.js";
import { idKeyed, type RowItem, type StoredItem, VERSION_ATTRIBUTE, versionOf } from "./row-kind.js";

export interface StoredNeighbourhood {
  hood: Neighbourhood;
  /** 0 when the item has no row yet. */
  version: number;
}

/**
 * Neighbour counts are stored as one attribute, `pairs`: `[itemId, count]` pairs, strongest first, as a JSON
 * string or a packed document's bytes (`deflate` where the deployment writes it; packed-document.ts). One
 * attribute, because every write costs a write unit per KB of the whole row and a DynamoDB list of lists
 * spends bytes on every element's type (about a third more for 100 pairs); pairs, not a map, because item
 * ids are data (`__proto__` is no key). Rows written before held a list of pairs (`neighbours`, with a
 * `strongest` copy) or a map; they still read.
 */
function countsOf(item: StoredItem, limit: number): Dict<number> {
  const stored =
    typeof item.pairs === "string"
      ? // Pairs hold no records, so plain JSON.parse serves (this is read on every list's hot path).
        JSON.parse(item.pairs)
      : item.pairs instanceof Uint8Array
        ? unpackDocument(item.pairs)
        : (item.neighbours ?? item.strongest);
  if (Array.isArray(stored))
    return dict(
      (stored as [string, number][])
        .slice(0, limit)
        .map(([id, n]): [string, number] => [String(id), Number(n)]),
    );
  return dict((stored ?? {}) as Record<string, number>);
}

const toPairs = (counts: Dict<number>): [string, number][] =>
  Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));

/** The sort key of an item's row for each relation: storage's name for it, beside the catalog entry. */
const SORT_KEYS = { also_viewed: "COVIEW", bought_together: "COBUY" } as const satisfies Record<
  Relation["name"],
  string
>;

function neighbourRow(relation: Relation["name"]) {
  const row = {
    ...idKeyed(`${relation} neighbours`, { pk: "ITEM#", sk: SORT_KEYS[relation] }),
    toItem: (hood: Neighbourhood, version: number, format: DocumentFormat = WRITTEN_FORMAT): RowItem => ({
      ...row.key(hood.itemId),
      itemId: hood.itemId,
      occurrences: hood.occurrences,
      pairs:
        format === "json"
          ? JSON.stringify(toPairs(hood.neighbours))
          : packDocument(toPairs(hood.neighbours), format),
      [VERSION_ATTRIBUTE]: version,
    }),
    fromItem: (item: StoredItem): StoredNeighbourhood => ({
      hood: row.strongestFromItem(item, Number.POSITIVE_INFINITY),
      version: versionOf(item),
    }),
    /** What strongestFromItem reads: not the whole list of neighbours. */
    strongestAttributes: ["itemId", "occurrences", "pairs", "strongest"],
    /** Only the item's occurrences and its `limit` strongest neighbours. */
    strongestFromItem: (item: StoredItem, limit: number): Neighbourhood => ({
      itemId: String(item.itemId),
      occurrences: Number(item.occurrences ?? 0),
      neighbours: countsOf(item, limit),
    }),
  };
  return row;
}

/** An item's co-occurrence counts for one relation: `itemId`, `occurrences`, `pairs` (see countsOf), `v`. */
export const NEIGHBOUR_ROWS = {
  also_viewed: neighbourRow("also_viewed"),
  bought_together: neighbourRow("bought_together"),
} as const;

export type NeighbourRow = (typeof NEIGHBOUR_ROWS)[Relation["name"]];

/** The row kind holding `relation`'s counts. */
export const neighbourRowOf = (relation: Pick<Relation, "name">): NeighbourRow =>
  NEIGHBOUR_ROWS[relation.name];
