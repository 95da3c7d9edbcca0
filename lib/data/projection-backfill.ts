import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Item } from "../schemas/item.js";
import { itemFromRow } from "./catalog-store.js";
import { keys } from "./keys.js";
import { writeProjection } from "./projection-writes.js";

/**
 * Gives every catalog item written before the catalog projection existed its entry there, so lists see it.
 * A one-off migration, never on a request path: it Scans the whole table once (about 0.5 read units per
 * 4 KB stored) and rewrites only the projection shards whose entries differ; running it again writes
 * nothing. Returns how many catalog items it went through. Errors as writeProjection's (safe to re-run).
 */
export async function backfillCatalogProjection(
  db: DynamoDBDocumentClient,
  tableName: string,
  onProgress?: (items: number) => void,
): Promise<number> {
  let seen = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "sk = :item",
        ExpressionAttributeValues: { ":item": keys.catalogItem("").sk },
        ExclusiveStartKey: start,
      }),
    );
    const items: Item[] = (page.Items ?? []).map(itemFromRow);
    await writeProjection(db, tableName, { put: items });
    seen += items.length;
    onProgress?.(seen);
    start = page.LastEvaluatedKey;
  } while (start);
  return seen;
}

/** Whether the projection was ever written (its head exists): a table without it may need the backfill. */
export async function hasCatalogProjection(db: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.catalogHead() }));
  return out.Item !== undefined;
}
