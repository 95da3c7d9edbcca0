import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchWrite } from "./batch.js";
import { keys } from "./keys.js";

/**
 * A stream record that can never be applied. The payload itself is not kept (it may hold personal data such
 * as coordinates); shard and sequence number locate it in the stream for as long as the stream retains it.
 */
export interface QuarantinedRecord {
  shardId: string;
  sequenceNumber: string;
  reason: string;
  /** When the payload named a customer: not stored in the record, but linked from their partition. */
  customerId?: string | undefined;
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
      records.flatMap(({ customerId, ...r }) => {
        const expiresAt = Math.floor(r.quarantinedAt / 1000) + RETENTION_SECONDS;
        const record = {
          PutRequest: { Item: { ...keys.quarantine(r.shardId, r.sequenceNumber), ...r, expiresAt } },
        };
        if (customerId === undefined) return [record];
        const link = keys.customerQuarantine(customerId, r.shardId, r.sequenceNumber);
        const { shardId, sequenceNumber } = r;
        return [record, { PutRequest: { Item: { ...link, shardId, sequenceNumber, expiresAt } } }];
      }),
    );
  }
}
