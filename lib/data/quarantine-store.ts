import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchWrite } from "./batch.js";
import { keys } from "./keys.js";

/**
 * A stream record that can never be applied. Nothing personal is kept — not the payload (it may hold
 * coordinates), not even the customer id — so there is nothing here for an erasure to find; shard and
 * sequence number locate the record in the stream for as long as the stream retains it.
 */
export interface QuarantinedRecord {
  shardId: string;
  sequenceNumber: string;
  reason: string;
  quarantinedAt: number;
}

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
        PutRequest: {
          Item: {
            ...keys.quarantine(r.shardId, r.sequenceNumber),
            ...r,
            expiresAt: Math.floor(r.quarantinedAt / 1000) + RETENTION_SECONDS,
          },
        },
      })),
    );
  }
}
