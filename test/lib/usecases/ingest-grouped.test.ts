import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { composeEvents } from "../../../functions/compose-visitors.js";
import type { Principal } from "../../../lib/auth/principal.js";
import { localVisitorProof } from "../../../lib/auth/visitor-proof.js";
import { KinesisEventPublisher } from "../../../lib/stream/event-publisher.js";
import { MAX_GROUPED_RECORD_BYTES } from "../../../lib/stream/grouped-records.js";
import { ingestEvents } from "../../../lib/usecases/ingest-events.js";
import { testApp } from "../../support/consumer-harness.js";
import { throttlePutRecords } from "../../support/faults.js";
import { startTestStores, type TestStores } from "../../support/stores.js";
import { readStream } from "../../support/stream-reader.js";

// KINDRED_STREAM_RECORDS=customer: ingest writes one record per customer and request. What the caller is
// told (the 202's per-index accounting) must not change with it.

const NOW = Date.parse("2026-11-20T12:00:00Z");
const producer: Principal = { subject: "till-7", scopes: new Set(["ingest"]) };
const view = (eventId: string, customerId: string) => ({
  eventId,
  type: "view",
  customerId,
  itemId: "sku-1",
  timestamp: "2026-11-20T11:59:00Z",
});

let t: TestStores;
beforeEach(async () => {
  t = await startTestStores();
});
afterEach(async () => {
  await t.stores.close();
});

/** The records on the stream: partition key, sequence number, size and event ids, in stream order. */
async function records() {
  const byRecord = new Map<string, { key: string; v: number; bytes: number; eventIds: string[] }>();
  for (const r of await readStream(t.kinesis, t.config.streamName)) {
    const entry = byRecord.get(r.sequenceNumber) ?? {
      key: r.partitionKey,
      v: r.version,
      bytes: r.recordBytes,
      eventIds: [],
    };
    entry.eventIds.push(r.envelope.event.eventId);
    byRecord.set(r.sequenceNumber, entry);
  }
  return [...byRecord.values()];
}

const grouped = (publisher = new KinesisEventPublisher(t.kinesis, t.config.streamName)) => ({
  publisher,
  visitorProof: localVisitorProof("unused"),
  now: () => NOW,
  streamRecords: "customer" as const,
});

describe("ingesting with one stream record per customer and request", () => {
  it("is what a deployment set to `customer` writes: each customer's events in request order, under its key", async () => {
    const app = testApp(t.db, t.config.tableName, {
      kinesis: t.kinesis,
      now: () => NOW,
      config: { streamName: t.config.streamName, streamRecords: "customer" },
    });
    const deps = composeEvents(app, { kind: "local", secret: "unused" });
    const result = await ingestEvents(
      producer,
      [
        view("a1", "ann"),
        view("b1", "ben"),
        { bad: true },
        view("a2", "ann"),
        view("a1", "ann"),
        view("b2", "ben"),
      ],
      deps,
    );

    expect(result).toEqual({
      accepted: 5,
      rejected: [{ index: 2, errors: expect.any(Array) }],
      failed: [],
    });
    // The copy of (ann, a1) is accepted and published once.
    expect((await records()).sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: "ann", v: 2, bytes: expect.any(Number), eventIds: ["a1", "a2"] },
      { key: "ben", v: 2, bytes: expect.any(Number), eventIds: ["b1", "b2"] },
    ]);
  });

  it("writes one record per event by default, as every earlier release did", async () => {
    const app = testApp(t.db, t.config.tableName, {
      kinesis: t.kinesis,
      now: () => NOW,
      config: { streamName: t.config.streamName },
    });
    await ingestEvents(
      producer,
      [view("a1", "ann"), view("a2", "ann")],
      composeEvents(app, { kind: "local", secret: "x" }),
    );
    expect((await records()).map((r) => [r.v, r.eventIds])).toEqual([
      [1, ["a1"]],
      [1, ["a2"]],
    ]);
  });

  it("reports every index of a record the stream would not take as failed, duplicates included, and only those", async () => {
    // The first record of every PutRecords call is throttled, every time: ann's group.
    throttlePutRecords(t.kinesis, (_call, position) => position === 0);
    const publisher = new KinesisEventPublisher(t.kinesis, t.config.streamName, 3);
    const result = await ingestEvents(
      producer,
      [view("a1", "ann"), view("b1", "ben"), view("a2", "ann"), view("b2", "ben"), view("a1", "ann")],
      grouped(publisher),
    );

    expect(result).toEqual({
      accepted: 2,
      rejected: [],
      failed: [0, 2, 4].map((index) => ({ index, retryable: true })),
    });
    expect(await records()).toEqual([
      { key: "ben", v: 2, bytes: expect.any(Number), eventIds: ["b1", "b2"] },
    ]);
  });

  it("splits a customer's large request into records under the cap, in request order, losing nothing", async () => {
    // 500 searches of ~700 bytes each: a body well under the 1 MiB a request may carry.
    const events = Array.from({ length: 500 }, (_, i) => ({
      ...view(`s${i}`, "ann"),
      type: "search",
      itemId: undefined,
      query: `${i} ${"tent ".repeat(100)}`.slice(0, 512),
    }));
    expect(Buffer.byteLength(JSON.stringify({ events }))).toBeLessThan(1_048_576);

    const result = await ingestEvents(producer, events, grouped());

    expect(result).toEqual({ accepted: 500, rejected: [], failed: [] });
    const written = await records();
    expect(written.length).toBeGreaterThan(4);
    expect(written.length).toBeLessThan(10);
    for (const r of written) expect(r.bytes).toBeLessThanOrEqual(MAX_GROUPED_RECORD_BYTES);
    expect(written.flatMap((r) => r.eventIds)).toEqual(events.map((e) => e.eventId));
  });
});
