import { type DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Item } from "../schemas/item.js";
import { batchGet } from "./batch.js";
import { writeProjection } from "./projection-writes.js";
import { catalogItemRow } from "./rows/catalog-item.js";
import { projectionHeadRow } from "./rows/projection-head.js";
import { KEY_ATTRIBUTES } from "./rows/row-kind.js";

/**
 * Gives every catalog item written before the catalog projection existed its entry there, so lists see it.
 * A one-off migration, never on a request path, safe on a live table: it Scans the whole table once (about
 * 0.5 read units per 4 KB stored) and only adds entries for ids the projection lacks (an entry there was
 * written by a catalog write, newer than the Scan); then it reads the added items again and takes out
 * those deleted meanwhile (a delete takes its item out of the projection after its entry, so one side
 * always sees the other). Running it again writes nothing. Marks the head when done
 * (projectionBackfilled). Returns how many catalog items it went through. Errors as writeProjection's
 * (safe to re-run).
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
        FilterExpression: "#sk = :item",
        ExpressionAttributeNames: { "#sk": KEY_ATTRIBUTES.sk },
        ExpressionAttributeValues: { ":item": catalogItemRow.pattern.sk },
        ExclusiveStartKey: start,
      }),
    );
    const items: Item[] = (page.Items ?? []).filter(catalogItemRow.recognises).map(catalogItemRow.fromItem);
    await writeProjection(db, tableName, { addMissing: items });
    const still = new Set(
      (
        await batchGet(
          db,
          tableName,
          items.map((i) => catalogItemRow.key(i.itemId)),
          { attributes: ["itemId"] satisfies (keyof Item)[], consistentRead: true },
        )
      ).map((row) => catalogItemRow.fromItem(row).itemId),
    );
    const gone = items.filter((i) => !still.has(i.itemId)).map((i) => i.itemId);
    if (gone.length > 0) await writeProjection(db, tableName, { remove: gone });
    seen += items.length;
    onProgress?.(seen);
    start = page.LastEvaluatedKey;
  } while (start);
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: projectionHeadRow.key(),
      UpdateExpression: "SET #b = :t",
      ExpressionAttributeNames: { "#b": projectionHeadRow.backfilledAttribute },
      ExpressionAttributeValues: { ":t": true },
    }),
  );
  return seen;
}

/** Whether a backfill went through this table to its end (a table without it may hold unprojected items). */
export async function projectionBackfilled(db: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: projectionHeadRow.key() }));
  return out.Item?.[projectionHeadRow.backfilledAttribute] === true;
}
