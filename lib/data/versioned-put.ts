import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict } from "../errors.js";

/** Another writer changed the item since it was read: the read-modify-write may be retried from the read. */
export class VersionConflict extends Conflict {}

/**
 * Optimistic concurrency for a whole-item write: succeeds only if the stored version (`v`) is still the
 * one that was read (0: the item must not exist yet); otherwise VersionConflict.
 */
export async function putVersioned(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  expectedVersion: number,
): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ...(expectedVersion === 0
          ? { ConditionExpression: "attribute_not_exists(pk)" }
          : {
              ConditionExpression: "v = :expected",
              ExpressionAttributeValues: { ":expected": expectedVersion },
            }),
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new VersionConflict("The item changed while it was being updated.");
    throw error;
  }
}
