import type { NewArrivals } from "../../domain/new-arrivals.js";
import {
  type KeyPattern,
  type RowItem,
  recogniser,
  type StoredItem,
  type TableKey,
  VERSION_ATTRIBUTE,
  versionOf,
} from "./row-kind.js";

const pattern = { pk: "CATALOG", sk: "NEW_ARRIVALS" } as const satisfies KeyPattern;

/**
 * The newest items of the catalog (bounded), where lists find items too new for co-occurrences: `items`
 * holds `[itemId, createdAt ms]` pairs (ids are data, not map keys), `v` its version.
 */
export const newArrivalsRow = {
  name: "new arrivals",
  pattern,
  key: (): TableKey => ({ pk: pattern.pk, sk: pattern.sk }),
  recognises: recogniser(pattern),
  toItem: (row: NewArrivals, version: number): RowItem => ({
    ...newArrivalsRow.key(),
    items: row.items,
    [VERSION_ATTRIBUTE]: version,
  }),
  fromItem: (item: StoredItem): { row: NewArrivals; version: number } => {
    const pairs = Array.isArray(item.items) ? (item.items as unknown[][]) : [];
    return {
      row: { items: pairs.map(([id, at]): [string, number] => [String(id), Number(at)]) },
      version: versionOf(item),
    };
  },
};
