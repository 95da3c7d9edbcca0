import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { type NewArrivals, withArrivals, withoutArrivals } from "../domain/new-arrivals.js";
import { DependencyUnavailable } from "../errors.js";
import type { Item } from "../schemas/item.js";
import { batchGet, batchWrite } from "./batch.js";
import type { CatalogProjection } from "./catalog-projection.js";
import { listedRows, type PageRequest } from "./listing.js";
import { mergeRows } from "./merge-rows.js";
import { prepareProjection, writeProjection } from "./projection-writes.js";
import { catalogItemRow } from "./rows/catalog-item.js";
import { newArrivalsRow } from "./rows/new-arrivals.js";
import { putVersioned } from "./versioned-put.js";

export interface CatalogStore {
  /**
   * Writes the items (the last copy of an id wins) and their part of the catalog projection, which is what
   * lists read. An item without `createdAt` keeps the one stored, or gets `now` (epoch ms) on its first
   * upsert; the new-arrivals row learns every item's `createdAt`. DependencyUnavailable if the new-arrivals
   * row or a projection row stays contended (retrying the upsert is safe); Conflict if the projection is
   * full (see writeProjection).
   */
  upsertItems(items: readonly Item[], now?: number): Promise<void>;
  getItem(itemId: string): Promise<Item | undefined>;
  loadItems(itemIds: readonly string[]): Promise<Map<string, Item>>;
  /** Removes the item; returns whether it existed. */
  deleteItem(itemId: string): Promise<boolean>;
  /**
   * A page of the catalog in id order (UTF-8 byte order), and the id to continue after when more follow.
   * An item deleted while the page is read is left out of it.
   */
  listItems(page: PageRequest): Promise<{ items: Item[]; last?: string }>;
}

/** mergeRows's id of the one new-arrivals row. */
const NEW_ARRIVALS_ROW = "new arrivals";

export class DynamoCatalogStore implements CatalogStore {
  /**
   * `projection`: this process's lists' copy of the projection, told of every write so they see it at once;
   * `settingsWritten`: told when the new-arrivals row may have changed (settings-rows.ts), for the same reason.
   */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly projection?: CatalogProjection,
    private readonly settingsWritten: () => void = () => {},
  ) {}

  async upsertItems(items: readonly Item[], now = Date.now()): Promise<void> {
    // The last copy of an id in one request wins, as it would with sequential PUTs.
    const byId = new Map(items.map((item) => [item.itemId, item]));
    const undated = [...byId.values()].filter((item) => item.createdAt === undefined).map((i) => i.itemId);
    const stored = undated.length
      ? await batchGet(this.db, this.tableName, undated.map(catalogItemRow.key), {
          attributes: ["itemId", "createdAt"] satisfies (keyof Item)[],
        })
      : [];
    const createdAt = new Map(
      stored.map(catalogItemRow.fromItem).map((item) => [item.itemId, item.createdAt] as const),
    );
    const dated = [...byId.values()].map((item) => {
      if (item.createdAt !== undefined) return item;
      const known = createdAt.get(item.itemId);
      if (typeof known === "string") return { ...item, createdAt: known };
      // Stored before items had a date: when it arrived is unknown, and it is not new.
      if (createdAt.has(item.itemId)) return item;
      return { ...item, createdAt: new Date(now).toISOString() };
    });
    // Checked against the projection's bound before anything is written: a refused upsert changes nothing.
    const projection = await prepareProjection(this.db, this.tableName, { put: dated });
    // The arrivals row first: an item written without it would never be explored; the reverse (a row entry
    // whose catalog write failed) is skipped by every list, like a deleted item.
    if ((await this.updateArrivals((row) => withArrivals(row, dated))) > 0) {
      throw new DependencyUnavailable("The catalog is busy; retry the request.");
    }
    // The projection before the entries: lists read only the projection, so a withdrawn item leaves them
    // even if the entries' write fails (the request fails, and its retry writes the entries).
    try {
      await projection.commit();
    } finally {
      // Also when the write failed part way: some shards may have changed.
      this.projection?.headChanged();
    }
    await batchWrite(
      this.db,
      this.tableName,
      dated.map((item) => ({
        PutRequest: { Item: catalogItemRow.toItem(item) },
      })),
    );
  }

  async getItem(itemId: string): Promise<Item | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: catalogItemRow.key(itemId) }),
    );
    return out.Item ? catalogItemRow.fromItem(out.Item) : undefined;
  }

  async loadItems(itemIds: readonly string[]): Promise<Map<string, Item>> {
    const rows = await batchGet(this.db, this.tableName, itemIds.map(catalogItemRow.key));
    return new Map(rows.map(catalogItemRow.fromItem).map((item) => [item.itemId, item]));
  }

  async deleteItem(itemId: string): Promise<boolean> {
    const out = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: catalogItemRow.key(itemId),
        ReturnValues: "ALL_OLD",
      }),
    );
    // Out of the lists after the entry, and whether or not it was there: a retry after a failure here
    // completes it, and a backfill that read the entry before the delete sees it gone (backfill.ts).
    try {
      await writeProjection(this.db, this.tableName, { remove: [itemId] });
    } finally {
      this.projection?.headChanged();
    }
    // After the delete: a row entry left behind by a failure here is skipped by lists like any missing item.
    if (out.Attributes !== undefined) await this.updateArrivals((row) => withoutArrivals(row, [itemId]));
    return out.Attributes !== undefined;
  }

  /** Read-modify-write of the new-arrivals row, conditional on its version; returns 1 if it stayed contended. */
  private async updateArrivals(change: (row: NewArrivals) => NewArrivals): Promise<number> {
    try {
      return await this.mergeArrivals(change);
    } finally {
      this.settingsWritten();
    }
  }

  private mergeArrivals(change: (row: NewArrivals) => NewArrivals): Promise<number> {
    return mergeRows<NewArrivals>(
      [NEW_ARRIVALS_ROW],
      {
        load: async () => {
          const rows = await batchGet(this.db, this.tableName, [newArrivalsRow.key()]);
          const row = rows[0];
          return new Map(row ? [[NEW_ARRIVALS_ROW, newArrivalsRow.fromItem(row)]] : []);
        },
        save: (row, version) =>
          putVersioned(this.db, this.tableName, newArrivalsRow.toItem(row, version + 1), version),
      },
      () => ({ items: [] }),
      change,
    );
  }

  async listItems(page: PageRequest): Promise<{ items: Item[]; last?: string }> {
    const { rows: items, ...rest } = await listedRows(
      this.db,
      this.tableName,
      "items",
      page,
      catalogItemRow.fromItem,
    );
    return { items, ...rest };
  }
}
