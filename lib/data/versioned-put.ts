import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict } from "../errors.js";
import { KEY_ATTRIBUTES, type RowItem, VERSION_ATTRIBUTE } from "./rows/row-kind.js";

/** Another writer changed the item since it was read: the read-modify-write may be retried from the read. */
export class VersionConflict extends Conflict {}

/**
 * Optimistic concurrency for a whole-item write: `item` (a row kind's toItem: its key and attributes)
 * replaces the stored one only if the stored version (VERSION_ATTRIBUTE) is still the one that was read
 * (0: the row must not exist yet); otherwise VersionConflict.
 */
export async function putVersioned(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: RowItem,
  expectedVersion: number,
): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ...(expectedVersion === 0
          ? {
              ConditionExpression: "attribute_not_exists(#key)",
              ExpressionAttributeNames: { "#key": KEY_ATTRIBUTES.pk },
            }
          : {
              ConditionExpression: "#v = :expected",
              ExpressionAttributeNames: { "#v": VERSION_ATTRIBUTE },
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
