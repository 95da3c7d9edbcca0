import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CatalogProjection } from "../../lib/data/catalog-projection.js";
import { DynamoCatalogStore } from "../../lib/data/catalog-store.js";
import { DynamoRecommendationReads } from "../../lib/data/recommendation-reads.js";
import type { Item } from "../../lib/schemas/item.js";

/** A catalog item in camping/tents, available, with what a test changes. */
export const tent = (itemId: string, extra: Partial<Item> = {}): Item => ({
  itemId,
  categories: ["camping/tents"],
  available: true,
  ...extra,
});

/**
 * One serving process as a Lambda container holds it: its copy of the catalog projection, the reads its
 * lists make and its own catalog store (which tells that copy of its writes), on a clock the test moves.
 */
export function servingProcess(db: DynamoDBDocumentClient, tableName: string) {
  const clock = { now: 1_000_000 };
  const projection = new CatalogProjection(() => clock.now);
  return {
    clock,
    projection,
    reads: new DynamoRecommendationReads(db, tableName, projection),
    catalog: new DynamoCatalogStore(db, tableName, projection),
  };
}
