import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGet, batchWrite } from "./batch.js";
import { seenEventRow } from "./rows/seen-event.js";

/** One customer's event (by fingerprint): what the dedupe rows are asked about. */
export interface SeenQuery {
  customerId: string;
  fingerprint: string;
}

/**
 * Event ids (fingerprints) that left a customer's applied-log while still inside the dedupe window, one
 * small row each under the customer's partition key (so erasure removes them with the profile), expiring
 * by TTL when the window has passed.
 */
export interface SeenEventStore {
  /** Which of `wanted` are remembered and unexpired at `now`, as `seenKey`s. One round trip of BatchGets. */
  findSeen(wanted: readonly SeenQuery[], now: number): Promise<Set<string>>;
  /** Remembers fingerprints until `until` (epoch ms). Writing one again changes nothing. */
  remember(customerId: string, fingerprints: readonly string[], until: number): Promise<void>;
}

export const seenKey = (q: SeenQuery) => `${q.customerId}\u0000${q.fingerprint}`;

export class DynamoSeenEventStore implements SeenEventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findSeen(wanted: readonly SeenQuery[], now: number): Promise<Set<string>> {
    if (wanted.length === 0) return new Set();
    const rows = await batchGet(
      this.db,
      this.tableName,
      wanted.map((q) => seenEventRow.key(q.customerId, q.fingerprint)),
    );
    const found = new Set<string>();
    for (const row of rows) {
      // DynamoDB deletes expired rows late: an expired one counts as absent.
      const seen = seenEventRow.fromItem(row);
      if (seen.expiresAt * 1000 <= now) continue;
      found.add(seenKey(seen));
    }
    return found;
  }

  async remember(customerId: string, fingerprints: readonly string[], until: number): Promise<void> {
    const expiresAt = Math.ceil(until / 1000);
    await batchWrite(
      this.db,
      this.tableName,
      fingerprints.map((fingerprint) => ({
        PutRequest: { Item: seenEventRow.toItem(customerId, fingerprint, expiresAt) },
      })),
    );
  }
}
