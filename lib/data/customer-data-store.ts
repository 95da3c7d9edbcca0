import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchWrite } from "./batch.js";
import { queryPartition } from "./partition.js";
import { customerPartition } from "./rows/customer-partition.js";
import { profileRow } from "./rows/profile.js";
import type { TableKey } from "./rows/row-kind.js";

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
    await queryPartition(
      this.db,
      this.tableName,
      customerPartition(customerId),
      ({ items }) => {
        for (const row of items)
          if (!profileRow.recognises(row)) doomed.push({ pk: String(row.pk), sk: String(row.sk) });
      },
      { consistent: true },
    );
    await batchWrite(
      this.db,
      this.tableName,
      doomed.map((key) => ({ DeleteRequest: { Key: { ...key } } })),
    );
    return doomed.length;
  }
}
