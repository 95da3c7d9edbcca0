import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRecord } from "../../../lib/stream/event-record.js";
import { planBatch } from "../../../lib/usecases/batch-plan.js";

// Records another producer writes to the stream. A decode that throws would fail every delivery
// of the batch (a poison record holding the shard); everything must decode to events or to a quarantine reason.

const at = "2026-11-20T11:59:00.000Z";
const base = { eventId: "e", type: "view", customerId: "c", itemId: "i", timestamp: at };
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "me",
    " ",
    "\u0000",
    "9".repeat(400),
    "2026-02-30T25:61:00Z",
    "NaN",
  ),
  fc.constantFrom(1e308, -0, 2 ** 53 + 1, -1),
);
const hostileEvent = fc.oneof(
  fc.dictionary(
    fc.constantFrom(
      ...Object.keys(base),
      "previousId",
      "itemIds",
      "value",
      "location",
      "context",
      "__proto__",
      "x",
    ),
    hostileValue,
  ),
  fc
    .record({
      field: fc.constantFrom(...Object.keys(base), "location", "context", "itemIds"),
      value: hostileValue,
    })
    .map(({ field, value }) => ({ ...base, [field]: value })),
  fc.jsonValue({ maxDepth: 2 }),
);
const hostileRecord = fc.oneof(
  fc.record({
    v: fc.constantFrom(2, "2", 2.0, 1, 3),
    receivedAt: fc.oneof(fc.constant(Date.parse(at)), hostileValue),
    events: fc.array(hostileEvent, { maxLength: 30 }),
  }),
  fc.record({ v: fc.constant(2), receivedAt: fc.constant(Date.parse(at)), event: hostileEvent }),
  fc.record({
    v: fc.constant(2),
    receivedAt: fc.constant(Date.parse(at)),
    events: fc.jsonValue({ maxDepth: 2 }),
  }),
);

describe("grouped records from another producer", () => {
  it("decode to valid events of one customer or to a reason, and never throw", () => {
    fc.assert(
      fc.property(hostileRecord, (record) => {
        const data = new TextEncoder().encode(JSON.stringify(record));
        const decoded = decodeRecord(data);
        if (decoded.ok) {
          expect(new Set(decoded.envelopes.map((e) => e.event.customerId)).size).toBe(1);
          expect(decoded.envelopes.length + decoded.invalid.length).toBe(decoded.eventCount);
        } else expect(decoded.reason.length).toBeLessThan(4000);
        planBatch([{ shardId: "s", sequenceNumber: "1", data }], Date.parse(at));
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses a group of more than 500 events whole, and an oversized one decodes without blowing up", () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ ...base, eventId: `e${i}` }));
    expect(
      decodeRecord(new TextEncoder().encode(JSON.stringify({ v: 2, receivedAt: 1, events: many }))),
    ).toMatchObject({ ok: false });
  });
});
