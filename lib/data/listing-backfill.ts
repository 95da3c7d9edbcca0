import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { LISTED_SORT_KEYS, listingKeyOf } from "./rows/listed.js";
import { KEY_ATTRIBUTES } from "./rows/row-kind.js";
import { TABLE_DEFINITION } from "./table-definition.js";

/**
 * Gives every listed row written before the listing index existed (catalog items, offers, experiment
 * definitions without `lpk`) its listing key, so admin lists find it. A one-off migration, never on a request
 * path: it Scans the whole table once (about 0.5 read units per 4 KB stored) and updates only the rows that
 * lack the key; running it again finds none. A row deleted meanwhile stays deleted (the update is
 * conditional on the row existing). Returns how many rows it updated.
 */
export async function backfillListings(
  db: DynamoDBDocumentClient,
  tableName: string,
  onProgress?: (updated: number) => void,
): Promise<number> {
  const { partitionKey, sortKey } = TABLE_DEFINITION.listingIndex;
  let updated = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: "#pk, #sk",
        FilterExpression: `attribute_not_exists(#lpk) AND #sk IN (${LISTED_SORT_KEYS.map((_, i) => `:s${i}`).join(", ")})`,
        ExpressionAttributeNames: {
          "#lpk": partitionKey.name,
          "#pk": KEY_ATTRIBUTES.pk,
          "#sk": KEY_ATTRIBUTES.sk,
        },
        ExpressionAttributeValues: Object.fromEntries(LISTED_SORT_KEYS.map((sk, i) => [`:s${i}`, sk])),
        ExclusiveStartKey: start,
      }),
    );
    for (const row of page.Items ?? []) {
      const listing = listingKeyOf(row);
      if (!listing) continue;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: row.pk, sk: row.sk },
            UpdateExpression: "SET #p = :p, #s = :s",
            ConditionExpression: "attribute_exists(#key)",
            ExpressionAttributeNames: {
              "#p": partitionKey.name,
              "#s": sortKey.name,
              "#key": KEY_ATTRIBUTES.pk,
            },
            ExpressionAttributeValues: { ":p": listing.lpk, ":s": listing.lsk },
          }),
        );
        updated++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    onProgress?.(updated);
    start = page.LastEvaluatedKey;
  } while (start);
  return updated;
}
