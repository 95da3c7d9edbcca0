import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCatalogStore } from "../../lib/data/catalog-store.js";
import { DynamoExperimentStore } from "../../lib/data/experiment-store.js";
import { DynamoNeighbourStore } from "../../lib/data/neighbour-store.js";
import { DynamoOfferStore } from "../../lib/data/offer-store.js";
import { DynamoProfileStore, type ProfileStore, type StoredProfile } from "../../lib/data/profile-store.js";
import { DynamoQuarantineStore } from "../../lib/data/quarantine-store.js";
import { DynamoRecommendationReads } from "../../lib/data/recommendation-reads.js";
import { DynamoSeenEventStore } from "../../lib/data/seen-event-store.js";
import { DynamoTrendStore } from "../../lib/data/trend-store.js";
import { DEFAULT_AFFINITY_LIMITS } from "../../lib/domain/affinity.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { DEFAULT_STRATEGY } from "../../lib/schemas/strategy.js";
import { encodeEnvelope } from "../../lib/stream/event-record.js";
import {
  type ApplyBatchDeps,
  applyEventBatch,
  type DeliveredRecord,
} from "../../lib/usecases/apply-event-batch.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";

export const AFFINITY = { halfLifeMs: 30 * 86_400_000, ...DEFAULT_AFFINITY_LIMITS };
export const FIXED_NOW = Date.parse("2026-11-20T12:00:00Z");

export function consumerDeps(
  db: DynamoDBDocumentClient,
  tableName: string,
  profiles?: ProfileStore,
): ApplyBatchDeps {
  return {
    profiles: profiles ?? new DynamoProfileStore(db, tableName),
    catalog: new DynamoCatalogStore(db, tableName),
    quarantine: new DynamoQuarantineStore(db, tableName),
    seen: new DynamoSeenEventStore(db, tableName),
    neighbours: new DynamoNeighbourStore(db, tableName),
    trends: new DynamoTrendStore(db, tableName),
    experiments: new DynamoExperimentStore(db, tableName),
    offers: new DynamoOfferStore(db, tableName),
    affinity: AFFINITY,
    now: () => FIXED_NOW,
  };
}

/** What the list use cases need, reading the same table, at the harness's fixed time. */
export function listDeps(db: DynamoDBDocumentClient, tableName: string): ListDeps {
  return {
    reads: new DynamoRecommendationReads(db, tableName),
    experiments: new DynamoExperimentStore(db, tableName),
    strategy: DEFAULT_STRATEGY,
    halfLifeMs: AFFINITY.halfLifeMs,
    now: () => FIXED_NOW,
  };
}

/** Lays events onto a one-shard stream with increasing (Kinesis-length) sequence numbers. */
export function toRecords(
  events: readonly KindredEvent[],
  shardId = "shardId-000000000000",
): DeliveredRecord[] {
  return events.map((event, i) => ({
    shardId,
    sequenceNumber: (49_000_000_000_000_000_000n * 10n ** 36n + BigInt(i + 1)).toString(),
    data: encodeEnvelope({ receivedAt: FIXED_NOW, event }),
  }));
}

/**
 * Delivers records the way the event source mapping does: in batches, and after a reported failure again
 * from the failed record. Gives up after `maxRounds` to keep a broken consumer from looping forever.
 */
export async function deliverAll(
  records: readonly DeliveredRecord[],
  batchSize: number,
  deps: ApplyBatchDeps,
  maxRounds = 1000,
): Promise<void> {
  let position = 0;
  for (let round = 0; position < records.length; round++) {
    if (round >= maxRounds) throw new Error("consumer never finished");
    const batch = records.slice(position, position + batchSize);
    const outcome = await applyEventBatch(batch, deps);
    const failedAt = outcome.retryFrom ? batch.findIndex((r) => r.sequenceNumber === outcome.retryFrom) : -1;
    position += failedAt >= 0 ? failedAt : batch.length;
  }
}

/**
 * A profile store that dies at a chosen write: the write happens (or not), then this and every later write
 * in the same invocation fails, as if the process had crashed. `revive()` starts a new invocation.
 */
export class CrashingProfileStore implements ProfileStore {
  private writes = 0;
  private dead = false;
  crashed = false;

  constructor(
    private readonly inner: ProfileStore,
    private readonly crashAtWrite: number,
    private readonly writeBeforeCrash: boolean,
  ) {}

  loadProfile(customerId: string) {
    return this.inner.loadProfile(customerId);
  }

  loadProfiles(customerIds: readonly string[]) {
    if (this.dead) return Promise.reject(new Error("crashed"));
    return this.inner.loadProfiles(customerIds);
  }

  async saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void> {
    if (this.dead) throw new Error("crashed");
    if (this.writes++ === this.crashAtWrite) {
      if (this.writeBeforeCrash) await this.inner.saveProfile(profile, expectedVersion);
      this.dead = true;
      this.crashed = true;
      throw new Error("crashed");
    }
    await this.inner.saveProfile(profile, expectedVersion);
  }

  revive(): void {
    this.dead = false;
  }
}
