import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { affinitySettings, composeApp } from "../../functions/compose-app.js";
import { type KindredConfig, loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createKinesisClient } from "../../lib/data/clients.js";
import type { ProfileStore, StoredProfile } from "../../lib/data/profile-store.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { encodeEnvelope } from "../../lib/stream/event-record.js";
import { planRecords, type StreamRecordFormat } from "../../lib/stream/grouped-records.js";
import {
  type ApplyBatchDeps,
  applyEventBatch,
  type DeliveredRecord,
} from "../../lib/usecases/apply-event-batch.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";

export const FIXED_NOW = Date.parse("2026-11-20T12:00:00Z");

/**
 * Kindred's defaults on a test table, without the row cache: every list reads the table, so a test sees
 * what it just wrote. The stream name only matters to what publishes (the harness never does).
 */
export function testConfig(tableName: string): KindredConfig {
  return loadConfig({
    [ENV.tableName]: tableName,
    [ENV.streamName]: "kindred-test",
    [ENV.rowCacheSeconds]: "0",
  });
}

export const AFFINITY = affinitySettings(testConfig("kindred-test"));

export interface TestAppOptions {
  /** Publishing needs the test stores' client; without it, a client that nothing here uses. */
  kinesis?: KinesisClient;
  /** Default: the harness's fixed time. */
  now?: () => number;
  /** Settings other than the test configuration's (a bench's deployed row cache). */
  config?: Partial<KindredConfig>;
}

/**
 * Kindred as the handlers compose it (functions/compose-app.ts), on the test table: each call is a new
 * process, with its own catalog projection.
 */
export function testApp(db: DynamoDBDocumentClient, tableName: string, options: TestAppOptions = {}) {
  const config = { ...testConfig(tableName), ...options.config };
  const kinesis = options.kinesis ?? createKinesisClient(config);
  return composeApp(config, { dynamo: db, kinesis }, { now: options.now ?? (() => FIXED_NOW) });
}

/** What the stream consumer needs, on the test table at the harness's fixed time. */
export function consumerDeps(
  db: DynamoDBDocumentClient,
  tableName: string,
  profiles?: ProfileStore,
): ApplyBatchDeps {
  const { consumer } = testApp(db, tableName);
  return profiles ? { ...consumer, profiles } : consumer;
}

/** What the list use cases need, reading the same table, at the harness's fixed time. */
export function listDeps(db: DynamoDBDocumentClient, tableName: string): ListDeps {
  return testApp(db, tableName).lists;
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
 * Lays ingest requests onto a one-shard stream as ingest would write them in `format` (`customer`: one
 * grouped record per customer and request), with increasing sequence numbers from `firstSequence` on.
 */
export function toRequestRecords(
  requests: readonly (readonly KindredEvent[])[],
  format: StreamRecordFormat,
  firstSequence = 1,
  shardId = "shardId-000000000000",
): DeliveredRecord[] {
  return requests
    .flatMap((events) => planRecords(events, FIXED_NOW, format))
    .map(({ record }, i) => ({
      shardId,
      sequenceNumber: (49_000_000_000_000_000_000n * 10n ** 36n + BigInt(firstSequence + i)).toString(),
      data: record.data,
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
