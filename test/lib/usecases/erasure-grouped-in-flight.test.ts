import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { planRecords } from "../../../lib/stream/grouped-records.js";
import { applyEventBatch, type DeliveredRecord } from "../../../lib/usecases/apply-event-batch.js";
import { eraseCustomer } from "../../../lib/usecases/erase-customer.js";
import { FIXED_NOW, testApp } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// A customer erased while grouped records for them are on the stream — received before the
// erasure (never applied, however often delivered) and after it (applied once) in one batch, then replayed.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const view = (eventId: string, customerId: string, at: number): KindredEvent => ({
  eventId,
  type: "view",
  customerId,
  itemId: `item-${eventId}`,
  timestamp: new Date(at).toISOString(),
  channel: "web",
});

describe("erasure with grouped records in flight", () => {
  it("drops what was received before it and applies what came after, once", async () => {
    const c = uniqueId("erased");
    const erasedAt = FIXED_NOW + 10_000;
    const seq = (n: number) => (49_000_000_000_000_000_000n * 10n ** 36n + BigInt(n)).toString();
    const records = (events: KindredEvent[], receivedAt: number, n: number): DeliveredRecord[] =>
      planRecords(events, receivedAt, "customer").map(({ record }, i) => ({
        shardId: "shardId-000000000000",
        sequenceNumber: seq(n + i),
        data: record.data,
      }));
    const before = records([view("1", c, FIXED_NOW - 1000), view("2", c, FIXED_NOW - 500)], FIXED_NOW, 1);
    // New events after the erasure (one sent twice). An id sent before the erasure is the same event by contract
    // (dedupe by customer and event id), so it stays dropped: it is not reused here.
    const after = records(
      [view("4", c, erasedAt + 1000), view("3", c, erasedAt + 2000), view("3", c, erasedAt + 2000)],
      erasedAt + 3000,
      10,
    );
    const consumerAt = (now: number) => testApp(t.db, t.config.tableName, { now: () => now }).consumer;
    const me: Principal = { subject: c, scopes: new Set(["customer"]) };
    await eraseCustomer(me, "me", testApp(t.db, t.config.tableName, { now: () => erasedAt }).customers);

    const first = await applyEventBatch([...before, ...after], consumerAt(erasedAt + 4000));
    const replay = await applyEventBatch([...before, ...after], consumerAt(erasedAt + 5000));

    expect(first.failures).toEqual([]);
    expect(replay).toMatchObject({ applied: 0, failures: [] });
    const profile = await new DynamoProfileStore(t.db, t.config.tableName).loadProfile(c);
    expect(profile?.state.erasedAt).toBe(erasedAt);
    expect(profile?.state.eventCount).toBe(2);
    expect(JSON.stringify(profile?.state)).not.toContain("item-2");
  });
});
