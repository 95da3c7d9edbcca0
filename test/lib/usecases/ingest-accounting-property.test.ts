import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { localVisitorProof } from "../../../lib/auth/visitor-proof.js";
import type { EventPublisher, StreamRecordInput } from "../../../lib/stream/event-publisher.js";
import { decodeRecord } from "../../../lib/stream/event-record.js";
import { ingestEvents } from "../../../lib/usecases/ingest-events.js";

// Per-index accounting of POST /v1/events with grouped records, whatever records the stream refuses,
// with duplicates, invalid events, `__proto__`-like and Unicode ids, and a tiny cap so groups split.

const NOW = Date.parse("2026-11-20T12:00:00Z");
const producer: Principal = { subject: "till-7", scopes: new Set(["ingest"]) };
const customers = ["ann", "__proto__", "constructor", "é", "e\u0301", " ben "];

describe("POST /v1/events accounting with one record per customer and request", () => {
  it("puts every index in exactly one of accepted/rejected/failed, and accepted ones are on the stream", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            c: fc.constantFrom(...customers),
            id: fc.constantFrom("1", "2", "3", "4"),
            bad: fc.boolean(),
            pad: fc.nat({ max: 3000 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.func(fc.boolean()),
        async (specs, refuse) => {
          const raw = specs.map((s) => ({
            eventId: s.id,
            type: s.bad ? "teleport" : "search",
            customerId: s.c,
            query: `q${"ü".repeat(s.pad)}`.slice(0, 512),
            timestamp: "2026-11-20T11:59:00Z",
          }));
          const stored: StreamRecordInput[] = [];
          const publisher: EventPublisher = {
            publish: async (records) =>
              records.map((r, i) => {
                const ok = !refuse(i, r.partitionKey);
                if (ok) stored.push(r);
                return ok;
              }),
          };
          const deps = {
            publisher,
            visitorProof: localVisitorProof("x"),
            now: () => NOW,
            streamRecords: "customer" as const,
          };
          let result: Awaited<ReturnType<typeof ingestEvents>>;
          try {
            result = await ingestEvents(producer, raw, deps);
          } catch {
            return; // 400 (none valid) or 503 (nothing stored): the request as a whole.
          }
          const indexes = [...result.rejected.map((r) => r.index), ...result.failed.map((f) => f.index)];
          expect(new Set(indexes).size).toBe(indexes.length);
          expect(result.accepted + indexes.length).toBe(raw.length);
          const onStream = new Set(
            stored.flatMap((r) => {
              const d = decodeRecord(r.data);
              if (!d.ok) throw new Error(d.reason);
              for (const e of d.envelopes) expect(e.event.customerId).toBe(d.envelopes[0]?.event.customerId);
              expect(r.data.length).toBeLessThanOrEqual(Math.max(64 * 1024, 4000));
              return d.envelopes.map((e) => JSON.stringify([e.event.customerId, e.event.eventId]));
            }),
          );
          const failed = new Set(result.failed.map((f) => f.index));
          const rejected = new Set(result.rejected.map((r) => r.index));
          raw.forEach((e, i) => {
            if (rejected.has(i)) return;
            const key = JSON.stringify([e.customerId.trim().normalize("NFC"), e.eventId]);
            expect([i, onStream.has(key)]).toEqual([i, !failed.has(i)]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
