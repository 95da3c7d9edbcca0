import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Neighbourhood, Relation } from "../domain/co-occurrence.js";
import type { TrendRow } from "../domain/trending.js";
import type { Item } from "../schemas/item.js";
import { batchGet } from "./batch.js";
import { itemFromRow } from "./catalog-store.js";
import { keys } from "./keys.js";
import { neighbourhoodFromRow } from "./neighbour-store.js";
import { profileFromRow, type StoredProfile } from "./profile-store.js";
import { trendRowFromItem } from "./trend-store.js";

export interface ItemContext {
  items: Map<string, Item>;
  neighbourhoods: Map<string, Neighbourhood>;
  profile?: StoredProfile | undefined;
}

/** The reads a recommendation request makes, each one BatchGet (one round trip) for everything it needs. */
export interface RecommendationReads {
  /** Catalog entries and relation rows of these items, and optionally a customer's profile, in one round trip. */
  loadItemContext(itemIds: readonly string[], relation: Relation, customerId?: string): Promise<ItemContext>;
  /** One trending scope's counters; undefined when nothing has been counted there. */
  loadTrendRow(scope: string): Promise<TrendRow | undefined>;
  /** Catalog entries of these items. */
  loadItems(itemIds: readonly string[]): Promise<Map<string, Item>>;
}

export class DynamoRecommendationReads implements RecommendationReads {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadItemContext(
    itemIds: readonly string[],
    relation: Relation,
    customerId?: string,
  ): Promise<ItemContext> {
    const wanted = [
      ...itemIds.flatMap((id) => [keys.catalogItem(id), keys.neighbours(relation.rowKey, id)]),
      ...(customerId ? [keys.profile(customerId)] : []),
    ];
    const rows = await batchGet(this.db, this.tableName, wanted);
    const context: ItemContext = { items: new Map(), neighbourhoods: new Map() };
    for (const row of rows) {
      if (row.sk === "ITEM") {
        context.items.set(String(row.itemId), itemFromRow(row));
      } else if (row.sk === relation.rowKey) {
        context.neighbourhoods.set(String(row.itemId), neighbourhoodFromRow(row).hood);
      } else if (row.sk === "PROFILE") {
        context.profile = profileFromRow(row);
      }
    }
    return context;
  }

  async loadTrendRow(scope: string): Promise<TrendRow | undefined> {
    const [row] = await batchGet(this.db, this.tableName, [keys.trend(scope)]);
    return row ? trendRowFromItem(row).row : undefined;
  }

  async loadItems(itemIds: readonly string[]): Promise<Map<string, Item>> {
    const rows = await batchGet(this.db, this.tableName, itemIds.map(keys.catalogItem));
    return new Map(rows.map((row) => [String(row.itemId), itemFromRow(row)]));
  }
}
