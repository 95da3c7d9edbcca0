import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { KEY_ATTRIBUTES } from "./rows/row-kind.js";

/** Every page of one partition, in key order: rows (or only their count, with `countOnly`). */
export async function queryPartition(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  visit: (page: { items: Record<string, unknown>[]; count: number }) => void,
  options: { countOnly?: boolean; consistent?: boolean } = {},
): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": KEY_ATTRIBUTES.pk },
        ExpressionAttributeValues: { ":pk": pk },
        ...(options.countOnly ? { Select: "COUNT" } : {}),
        ConsistentRead: options.consistent ?? false,
        ExclusiveStartKey: start,
      }),
    );
    visit({ items: page.Items ?? [], count: page.Count ?? 0 });
    start = page.LastEvaluatedKey;
  } while (start);
}
