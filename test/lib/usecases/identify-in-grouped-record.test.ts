import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import type { Item } from "../../../lib/schemas/item.js";
import type { StreamRecordFormat } from "../../../lib/stream/grouped-records.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import {
  CrashingProfileStore,
  consumerDeps,
  FIXED_NOW,
  toRequestRecords,
} from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// An identify inside a grouped record, with the anonymous visitor's own events in another grouped
// record of the same batch, a crash at any profile write, and a replay — the end state must be the one the same
// events reach as one record per event without a crash.

let t: TestStores;
const ITEMS: Item[] = ["a", "b", "c"].map((id) => ({
  itemId: `it-${id}`,
  categories: ["x/y"],
  available: true,
}));
beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(ITEMS);
});
afterAll(async () => {
  await t.stores.close();
});

const at = (m: number) => new Date(FIXED_NOW - m * 60_000).toISOString();

async function run(format: StreamRecordFormat, crashAt: number, writeBeforeCrash: boolean) {
  const run = uniqueId("r");
  const k = `${run}-k`;
  const anon = `anon-${run}`;
  const requests: KindredEvent[][] = [
    [
      { eventId: "1", type: "view", customerId: anon, itemId: "it-a", timestamp: at(9), channel: "web" },
      { eventId: "2", type: "view", customerId: anon, itemId: "it-b", timestamp: at(8), channel: "web" },
    ],
    [
      { eventId: "3", type: "identify", customerId: k, previousId: anon, timestamp: at(7), channel: "web" },
      { eventId: "4", type: "view", customerId: k, itemId: "it-c", timestamp: at(6), channel: "web" },
      { eventId: "1", type: "view", customerId: anon, itemId: "it-a", timestamp: at(9), channel: "web" },
    ],
  ];
  const records = toRequestRecords(requests, format);
  const store = new CrashingProfileStore(
    new DynamoProfileStore(t.db, t.config.tableName),
    crashAt,
    writeBeforeCrash,
  );
  const deps = {
    ...consumerDeps(t.db, t.config.tableName, store),
    aggregates: new AggregateBuffer({ relations: [], trending: false }),
  };
  let position = 0;
  for (let round = 0; position < records.length && round < 20; round++) {
    const batch = records.slice(position);
    const outcome = await applyEventBatch(batch, deps);
    if (store.crashed && outcome.retryFrom) {
      store.revive();
      continue;
    }
    const failedAt = outcome.retryFrom ? batch.findIndex((r) => r.sequenceNumber === outcome.retryFrom) : -1;
    position += failedAt >= 0 ? failedAt : batch.length;
  }
  // A replay of the whole stream changes nothing.
  await applyEventBatch(records, { ...deps, profiles: new DynamoProfileStore(t.db, t.config.tableName) });
  const profiles = await new DynamoProfileStore(t.db, t.config.tableName).loadProfiles([k, anon]);
  const text = JSON.stringify({ k: profiles.get(k)?.state, anon: profiles.get(anon)?.state });
  return JSON.parse(
    text
      .replaceAll(anon, "ANON")
      .replaceAll(k, "K")
      .replace(/"version":\d+/g, ""),
  ) as unknown;
}

describe("identify inside a grouped record", () => {
  it("ends as one record per event without a crash does, whichever write a crash interrupts", async () => {
    const oracle = await run("event", 99, false);
    expect(JSON.stringify(oracle)).toContain("it-a");
    for (const crashAt of [0, 1, 2, 3]) {
      for (const before of [false, true]) {
        expect([crashAt, before, await run("customer", crashAt, before)]).toEqual([crashAt, before, oracle]);
      }
    }
  }, 120_000);
});
