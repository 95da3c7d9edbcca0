import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch, MAX_EVENTS_PER_PROFILE_WRITE } from "../../../lib/usecases/apply-event-batch.js";
import { planBatch, profileWriteRuns } from "../../../lib/usecases/batch-plan.js";
import {
  CrashingProfileStore,
  consumerDeps,
  FIXED_NOW,
  toRequestRecords,
} from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// With grouped stream records (KINDRED_STREAM_RECORDS=customer) a batch of 500 records may hold a customer's
// whole backfill, 500 events a record. One profile write per customer and batch would then keep every one of
// those events' fingerprints in its applied-log and pass DynamoDB's 400 KB item limit: the write would fail on
// every retry and the shard would be held until the records were given up. Such a customer's profile is
// written once per run of whole records of at most MAX_EVENTS_PER_PROFILE_WRITE events.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

/** `requests` requests of `size` views each, all by customer `c`, in time order. */
function backfill(c: string, requests: number, size: number): KindredEvent[][] {
  return Array.from({ length: requests }, (_, r) =>
    Array.from(
      { length: size },
      (_, k): KindredEvent => ({
        eventId: `${r}.${k}`,
        type: "view",
        customerId: c,
        itemId: `item-${k % 40}`,
        timestamp: new Date(FIXED_NOW - 86_400_000 + (r * size + k) * 1000).toISOString(),
        channel: "web",
      }),
    ),
  );
}

const depsWith = (profiles?: CrashingProfileStore) => ({
  ...consumerDeps(t.db, t.config.tableName, profiles),
  aggregates: new AggregateBuffer({ relations: [], trending: false }),
});
const profileOf = (c: string) => new DynamoProfileStore(t.db, t.config.tableName).loadProfile(c);

describe("a customer's backfill in one batch of grouped records", () => {
  it("is cut into runs of whole records, each of at most the limit's events", () => {
    const records = toRequestRecords(backfill("runs", 5, 400), "customer");
    expect(records).toHaveLength(5);
    const list = planBatch(records, FIXED_NOW).byCustomer.get("runs") ?? [];
    const runs = profileWriteRuns(list, 1000);
    expect(runs.map((r) => r.length)).toEqual([800, 800, 400]);
    // No record's events are ever split between runs.
    expect(runs.map((r) => new Set(r.map((v) => v.record.sequenceNumber)).size)).toEqual([2, 2, 1]);
    expect(profileWriteRuns(list, 300).map((r) => r.length)).toEqual([400, 400, 400, 400, 400]);
  });

  it("is applied whole, one profile write per run, each event counted once", async () => {
    const c = uniqueId("backfill");
    const records = toRequestRecords(backfill(c, 5, 400), "customer");
    expect(records).toHaveLength(5);
    const outcome = await applyEventBatch(records, depsWith());
    expect(outcome).toMatchObject({ applied: 2000, skipped: 0, failures: [] });
    const profile = await profileOf(c);
    expect(profile?.state.eventCount).toBe(2000);
    // Runs of 800, 800 and 400 events: three writes.
    expect(MAX_EVENTS_PER_PROFILE_WRITE).toBe(1000);
    expect(profile?.version).toBe(3);
    // Each write's log holds only what it applied and what was recent before.
    expect(profile?.log.recentEvents.length).toBeLessThanOrEqual(MAX_EVENTS_PER_PROFILE_WRITE);

    const again = await applyEventBatch(records, depsWith());
    expect(again).toMatchObject({ applied: 0, skipped: 2000 });
    expect((await profileOf(c))?.state.eventCount).toBe(2000);
  });

  it("after a crash at its second write, is retried from that run's first record and counts nothing twice", async () => {
    const c = uniqueId("crash");
    const records = toRequestRecords(backfill(c, 5, 400), "customer");
    const crashing = new CrashingProfileStore(new DynamoProfileStore(t.db, t.config.tableName), 1, false);
    const outcome = await applyEventBatch(records, depsWith(crashing));
    expect(outcome.retryFrom).toBe(records[2]?.sequenceNumber);
    expect((await profileOf(c))?.state.eventCount).toBe(800);
    // Lambda hands the batch over again from the record it was told; the first run's are not among them.
    const retried = await applyEventBatch(records.slice(2), depsWith());
    expect(retried).toMatchObject({ applied: 1200, failures: [] });
    expect((await profileOf(c))?.state.eventCount).toBe(2000);
  });
});
