import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchWrite } from "./batch.js";
import { type QuarantinedRecord, quarantineRow } from "./rows/quarantine.js";

export type { QuarantinedRecord } from "./rows/quarantine.js";

export interface QuarantineStore {
  quarantine(records: readonly QuarantinedRecord[]): Promise<void>;
}

const RETENTION_SECONDS = 14 * 86_400;

export class DynamoQuarantineStore implements QuarantineStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async quarantine(records: readonly QuarantinedRecord[]): Promise<void> {
    // Keyed by shard and sequence number, so quarantining the same record again overwrites, never duplicates.
    await batchWrite(
      this.db,
      this.tableName,
      records.map((r) => ({
        PutRequest: { Item: quarantineRow.toItem(r, Math.floor(r.quarantinedAt / 1000) + RETENTION_SECONDS) },
      })),
    );
  }
}
