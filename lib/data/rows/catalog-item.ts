import type { Item } from "../../schemas/item.js";
import { listingKey } from "./listing-key.js";
import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

const pattern = { pk: "ITEM#", sk: "ITEM" } as const satisfies KeyPattern;

/** One item per catalog item: its attributes as sent (and `createdAt`), listed in the listing index. */
export const catalogItemRow = {
  name: "catalog item",
  pattern,
  listedAs: "items",
  key: (itemId: string): TableKey => ({ pk: `${pattern.pk}${itemId}`, sk: pattern.sk }),
  recognises: recogniser(pattern),
  /** The item's id, from a key this kind recognises. */
  idOf: (key: TableKey): string => key.pk.slice(pattern.pk.length),
  toItem: (item: Item): RowItem => ({
    ...catalogItemRow.key(item.itemId),
    ...listingKey("items", item.itemId),
    ...item,
  }),
  fromItem: (stored: StoredItem): Item => {
    const { pk: _pk, sk: _sk, lpk: _lpk, lsk: _lsk, ...item } = stored;
    return item as Item;
  },
} as const;
