import type { Item } from "../../schemas/item.js";
import { listingKey } from "./listing-key.js";
import { idKeyed, type RowItem, type StoredItem } from "./row-kind.js";

/** One item per catalog item: its attributes as sent (and `createdAt`), listed in the listing index. */
export const catalogItemRow = {
  ...idKeyed("catalog item", { pk: "ITEM#", sk: "ITEM" }),
  listedAs: "items",
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
