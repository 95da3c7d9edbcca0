import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchWrite } from "./batch.js";
import { keys, type TableKey } from "./keys.js";

/** Access pattern: everything stored under one customer's partition, for erasure. */
export interface CustomerDataStore {
  /** Deletes every row under the customer's partition except the profile row (which erasure overwrites). */
  deleteAllButProfile(customerId: string): Promise<number>;
}

export class DynamoCustomerDataStore implements CustomerDataStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async deleteAllButProfile(customerId: string): Promise<number> {
    const doomed: TableKey[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.customerPartition(customerId) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const row of page.Items ?? []) {
        const sk = String(row.sk);
        if (sk === keys.profile(customerId).sk) continue;
        doomed.push({ pk: String(row.pk), sk });
        doomed.push(keys.quarantine(String(row.shardId), String(row.sequenceNumber)));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    await batchWrite(
      this.db,
      this.tableName,
      doomed.map((key) => ({ DeleteRequest: { Key: { ...key } } })),
    );
    return doomed.length;
  }
}
