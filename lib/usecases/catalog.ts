import { type Principal, requireAdmin } from "../auth/principal.js";
import type { CatalogStore } from "../data/catalog-store.js";
import { NotFound } from "../errors.js";
import type { Item } from "../schemas/item.js";
import { type PageQuery, pageResponse } from "../schemas/paging.js";

export async function upsertItems(principal: Principal, items: readonly Item[], catalog: CatalogStore) {
  requireAdmin(principal);
  await catalog.upsertItems(items);
  return { upserted: items.length };
}

export async function getItem(principal: Principal, itemId: string, catalog: CatalogStore): Promise<Item> {
  requireAdmin(principal);
  const item = await catalog.getItem(itemId);
  if (!item) throw new NotFound(`No item with id "${itemId}".`);
  return item;
}

export async function deleteItem(principal: Principal, itemId: string, catalog: CatalogStore): Promise<void> {
  requireAdmin(principal);
  if (!(await catalog.deleteItem(itemId))) throw new NotFound(`No item with id "${itemId}".`);
}

/** A page of the catalog in id order (admin): `{ items, nextCursor? }`, the cursor only when more follow. */
export async function listItems(principal: Principal, page: PageQuery, catalog: CatalogStore) {
  requireAdmin(principal);
  const { items, last } = await catalog.listItems({ limit: page.limit, after: page.cursor });
  return pageResponse("items", "items", { rows: items, last });
}
