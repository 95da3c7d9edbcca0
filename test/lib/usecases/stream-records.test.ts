import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable } from "../../../infra/local/embedded-stores.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import type { StreamRecordFormat } from "../../../lib/stream/grouped-records.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { deliverAll, testApp, toRequestRecords } from "../../support/consumer-harness.js";
import { shoppingWalk } from "../../support/shopping-walk.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// What ingest writes to the stream is a deployment setting (KINDRED_STREAM_RECORDS): one record per event, or
// one per customer and request. Whichever a deployment writes, and whenever it switches (the consumer then
// meets both kinds, in one batch too), customers must see exactly the same profiles and lists.

let t: TestStores;
const run = uniqueId("recs");
const { item, catalog: CATALOG, events: EVENTS, whatCustomersSee: seenIn } = shoppingWalk(run);
const whatCustomersSee = (table: string) => seenIn(t.db, table);

/**
 * Six requests of twelve events: four shoppers' next three events each, interleaved as a busy page sends
 * them (every shopper's events in time order).
 */
const REQUESTS: KindredEvent[][] = [0, 1, 2].flatMap((j) =>
  [0, 1].map((h) =>
    [0, 1, 2].flatMap((k) => [0, 1, 2, 3].map((c) => EVENTS[(4 * h + c) * 9 + 3 * j + k] as KindredEvent)),
  ),
);

/**
 * A table of its own, with the catalog, fed REQUESTS as a deployment writing `formats` in turn would have
 * them on the stream (one per half). Each request's records make one batch, so that every deployment's
 * batches hold the same events and see the same aggregate rows.
 */
async function deployment(name: string, formats: StreamRecordFormat[]) {
  const table = `${run}-${name}`;
  await createTable(t.stores.dynamoEndpoint, table);
  await testApp(t.db, table).consumer.catalog.upsertItems(CATALOG);
  const { consumer } = testApp(t.db, table);
  const half = REQUESTS.length / formats.length;
  let sequence = 1;
  for (const [i, request] of REQUESTS.entries()) {
    const format = formats[Math.floor(i / half)] ?? "event";
    const records = toRequestRecords([request], format, sequence);
    sequence += records.length;
    await deliverAll(records, 100, consumer);
  }
  return table;
}

const seen: Record<string, unknown> = {};

beforeAll(async () => {
  t = await startTestStores();
  const tables = {
    perEvent: await deployment("event", ["event"]),
    perCustomer: await deployment("customer", ["customer"]),
    switched: await deployment("switched", ["event", "customer"]),
  };
  for (const [name, table] of Object.entries(tables)) seen[name] = await whatCustomersSee(table);
}, 60_000);
afterAll(() => t.stores.close());

describe("one stream record per customer and request (KINDRED_STREAM_RECORDS=customer)", () => {
  it("serves exactly the profiles and lists a deployment writing one record per event serves", () => {
    expect(REQUESTS.flat()).toHaveLength(EVENTS.length);
    expect(JSON.stringify(seen.perEvent)).toContain(item(0));
    expect(seen.perCustomer).toEqual(seen.perEvent);
  });

  it("changes nothing customers see when a deployment switches halfway through its events", () => {
    expect(seen.switched).toEqual(seen.perEvent);
  });

  it("meets a batch holding both kinds of record (mid-switch) and applies each event once", async () => {
    const table = `${run}-mixed-batch`;
    await createTable(t.stores.dynamoEndpoint, table);
    await testApp(t.db, table).consumer.catalog.upsertItems(CATALOG);
    const [first, second] = REQUESTS;
    const v1 = toRequestRecords([first ?? []], "event", 1);
    const v2 = toRequestRecords([second ?? []], "customer", v1.length + 1);
    const { consumer } = testApp(t.db, table);
    const outcome = await applyEventBatch([...v1, ...v2], consumer);
    expect(outcome).toMatchObject({ applied: 24, skipped: 0, quarantined: 0, failures: [] });
    expect(v2.length).toBe(4);
  });
});
