import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { decodeRecord } from "../../../lib/stream/event-record.js";
import { planRecords } from "../../../lib/stream/grouped-records.js";

// The split of a request's events into grouped records under a cap, with multi-byte text.

const event = fc.record({
  c: fc.constantFrom("a", "__proto__", "ö", "𝒳"),
  q: fc.string({ unit: fc.constantFrom("a", "é", "€", "𝒳", '"', "\\"), maxLength: 300 }),
});

describe("grouped records under a cap", () => {
  it("hold every event once, each customer's in order, none over the cap unless it holds one event", () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 60, max: 3000 }),
        (specs, cap) => {
          const events: KindredEvent[] = specs.map((s, i) => ({
            eventId: `e${i}`,
            type: "search",
            customerId: s.c,
            query: s.q || "x",
            timestamp: "2026-11-20T11:59:00.000Z",
            channel: "web",
          }));
          const planned = planRecords(events, 1_790_000_000_000, "customer", cap);
          const slots = planned.flatMap((p) => p.slots);
          expect([...slots].sort((x, y) => x - y)).toEqual(events.map((_, i) => i));
          for (const p of planned) {
            if (p.slots.length > 1) expect(p.record.data.length).toBeLessThanOrEqual(cap);
            const d = decodeRecord(p.record.data);
            if (!d.ok) throw new Error(d.reason);
            expect(d.envelopes.map((e) => e.event.eventId)).toEqual(p.slots.map((s) => `e${s}`));
            expect(p.record.partitionKey).toBe(events[p.slots[0] ?? 0]?.customerId);
          }
          for (const c of new Set(events.map((e) => e.customerId))) {
            const order = planned.filter((p) => p.record.partitionKey === c).flatMap((p) => p.slots);
            expect(order).toEqual([...order].sort((x, y) => x - y));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
