import { describe, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { decodeRecord } from "../../../lib/stream/event-record.js";
import { MAX_GROUPED_RECORD_BYTES, planRecords } from "../../../lib/stream/grouped-records.js";

const view = (eventId: string, customerId: string, query?: string): KindredEvent => ({
  eventId,
  type: query ? "search" : "view",
  customerId,
  ...(query ? { query } : { itemId: "sku-1" }),
  timestamp: "2026-11-20T11:59:00.000Z",
  channel: "web",
});
const eventIds = (data: Uint8Array) => {
  const decoded = decodeRecord(data);
  return decoded.ok ? decoded.envelopes.map((e) => e.event.eventId) : decoded.reason;
};

describe("the records one request's events are written in", () => {
  const events = [view("a1", "a"), view("b1", "b"), view("a2", "a"), view("c1", "c"), view("a3", "a")];

  it("one v1 record per event under its customer's key (the default)", () => {
    const planned = planRecords(events, 1_000, "event");
    expect(planned.map((p) => [p.record.partitionKey, p.slots, eventIds(p.record.data)])).toEqual(
      events.map((e, i) => [e.customerId, [i], [e.eventId]]),
    );
  });

  it("one grouped record per customer, each customer's events in request order", () => {
    const planned = planRecords(events, 1_000, "customer");
    expect(planned.map((p) => [p.record.partitionKey, p.slots, eventIds(p.record.data)])).toEqual([
      ["a", [0, 2, 4], ["a1", "a2", "a3"]],
      ["b", [1], ["b1"]],
      ["c", [3], ["c1"]],
    ]);
    const decoded = decodeRecord(planned[0]?.record.data ?? new Uint8Array());
    expect(decoded.ok && decoded.envelopes.every((e) => e.receivedAt === 1_000)).toBe(true);
  });

  it("splits a customer's group where a record would pass the cap, keeping the order, and no record passes it", () => {
    const many = Array.from({ length: 500 }, (_, i) => view(`e${i}`, "big", "x".repeat(400 + (i % 100))));
    const planned = planRecords(many, 1_000, "customer");
    expect(planned.length).toBeGreaterThan(4);
    for (const p of planned) expect(p.record.data.length).toBeLessThanOrEqual(MAX_GROUPED_RECORD_BYTES);
    // Each record is filled before the next starts: no more records than the bytes need.
    const total = planned.reduce((n, p) => n + p.record.data.length, 0);
    expect(planned.length).toBeLessThanOrEqual(Math.ceil(total / (MAX_GROUPED_RECORD_BYTES - 1_000)));
    expect(planned.flatMap((p) => p.slots)).toEqual(many.map((_, i) => i));
    expect(planned.flatMap((p) => eventIds(p.record.data))).toEqual(many.map((e) => e.eventId));
  });

  it("gives an event larger than the cap a record of its own", () => {
    const planned = planRecords(
      [view("s", "a"), view("l", "a", "y".repeat(400)), view("t", "a")],
      1,
      "customer",
      300,
    );
    expect(planned.map((p) => eventIds(p.record.data))).toEqual([["s"], ["l"], ["t"]]);
  });
});
