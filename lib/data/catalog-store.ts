import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Item } from "../schemas/item.js";
import { batchGet, batchWrite } from "./batch.js";
import { keys } from "./keys.js";

export interface CatalogStore {
  upsertItems(items: readonly Item[]): Promise<void>;
  getItem(itemId: string): Promise<Item | undefined>;
  loadItems(itemIds: readonly string[]): Promise<Map<string, Item>>;
  /** Removes the item; returns whether it existed. */
  deleteItem(itemId: string): Promise<boolean>;
}

export function itemFromRow(row: Record<string, unknown>): Item {
  const { pk: _pk, sk: _sk, ...item } = row;
  return item as Item;
}

export class DynamoCatalogStore implements CatalogStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async upsertItems(items: readonly Item[]): Promise<void> {
    // The last copy of an id in one request wins, as it would with sequential PUTs.
    const byId = new Map(items.map((item) => [item.itemId, item]));
    await batchWrite(
      this.db,
      this.tableName,
      [...byId.values()].map((item) => ({
        PutRequest: { Item: { ...keys.catalogItem(item.itemId), ...item } },
      })),
    );
  }

  async getItem(itemId: string): Promise<Item | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.catalogItem(itemId) }),
    );
    return out.Item ? itemFromRow(out.Item) : undefined;
  }

  async loadItems(itemIds: readonly string[]): Promise<Map<string, Item>> {
    const rows = await batchGet(this.db, this.tableName, itemIds.map(keys.catalogItem));
    return new Map(rows.map((row) => [String(row.itemId), itemFromRow(row)]));
  }

  async deleteItem(itemId: string): Promise<boolean> {
    const out = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.catalogItem(itemId),
        ReturnValues: "ALL_OLD",
      }),
    );
    return out.Attributes !== undefined;
  }
}
