import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APPLIED_LOG_LIMITS,
  appliedLogFromStored,
  DEDUPE_WINDOW_MS,
  emptyAppliedLog,
  eventFingerprint,
  mayHaveSpilled,
  screenDeliveries,
} from "../../../lib/domain/applied-log.js";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const LONG = "49590338271490256608559692538361571095921575989136588898";
const d = (sequenceNumber: string, eventId: string, shardId = "shard-0") => ({
  shardId,
  sequenceNumber,
  eventId,
});
const screen = (log = emptyAppliedLog(), deliveries: ReturnType<typeof d>[] = [], seen = new Set<string>()) =>
  screenDeliveries(log, deliveries, NOW, seen);

describe("the applied-log", () => {
  it("recognises a redelivery by sequence number, however long the number is", () => {
    const { log } = screen(emptyAppliedLog(), [d(LONG, "e1")]);
    const again = screen(log, [d(LONG, "e9"), d("9", "e8"), d(`${LONG.slice(0, -1)}9`, "e7")]);
    expect(again.redeliveries.map((x) => x.eventId)).toEqual(["e9", "e8"]);
    expect(again.fresh.map((x) => x.eventId)).toEqual(["e7"]);
  });

  it("recognises a producer's duplicate that arrives under a new sequence number, in the same batch or later", () => {
    const first = screen(emptyAppliedLog(), [d("100", "e1"), d("101", "e1")]);
    expect(first.fresh.map((x) => x.sequenceNumber)).toEqual(["100"]);
    expect(first.duplicates.map((x) => x.sequenceNumber)).toEqual(["101"]);
    expect(screen(first.log, [d("200", "e1")]).duplicates).toHaveLength(1);
  });

  it("applies every event of a grouped record (one sequence number) at once, and recognises the record's redelivery", () => {
    const first = screen(emptyAppliedLog(), [d("100", "a"), d("100", "b"), d("100", "a"), d("101", "c")]);
    expect(first.fresh.map((x) => x.eventId)).toEqual(["a", "b", "c"]);
    expect(first.duplicates.map((x) => x.eventId)).toEqual(["a"]);
    const again = screen(first.log, [d("100", "a"), d("100", "b"), d("101", "c"), d("102", "e")]);
    expect(again.redeliveries.map((x) => x.eventId)).toEqual(["a", "b", "c"]);
    expect(again.fresh.map((x) => x.eventId)).toEqual(["e"]);
    // A record at the stored mark is a redelivery from its first event on, even with ids never seen.
    expect(screen(first.log, [d("101", "new-1"), d("101", "new-2")]).redeliveries).toHaveLength(2);
  });

  it("keeps sequence numbers per shard", () => {
    const { log } = screen(emptyAppliedLog(), [d("500", "e1", "shard-0")]);
    expect(screen(log, [d("100", "e2", "shard-1")]).fresh).toHaveLength(1);
  });

  it("keeps fingerprints, never the ids, and reads a log stored with ids", () => {
    const { log } = screen(emptyAppliedLog(), [d("1", "a-very-long-client-generated-event-id".repeat(3))]);
    expect(log.recentEvents).toEqual([expect.stringMatching(/^[\w-]{11}$/)]);
    const legacy = appliedLogFromStored({ positions: {}, recentEventIds: ["e1"] });
    expect(legacy.recentEvents).toEqual([eventFingerprint("e1")]);
    expect(screen(legacy, [d("2", "e1")]).duplicates).toHaveLength(1);
  });

  it("spills what leaves the log, but never an event applied by the same write", () => {
    const burst = Array.from({ length: 300 }, (_, i) => d(String(i + 1), `e${i}`));
    const first = screen(emptyAppliedLog(), burst);
    expect(first.spilled).toEqual([]);
    expect(first.log.recentEvents).toHaveLength(300);
    const second = screen(first.log, [d("301", "e300")]);
    expect(second.spilled).toEqual(burst.slice(0, 173).map((x) => eventFingerprint(x.eventId)));
    expect(second.log.recentEvents).toHaveLength(APPLIED_LOG_LIMITS.recentEvents);
    expect(second.log.spilledUntil).toBe(NOW + DEDUPE_WINDOW_MS);
    expect(mayHaveSpilled(second.log, NOW + DEDUPE_WINDOW_MS - 1)).toBe(true);
    expect(mayHaveSpilled(second.log, NOW + DEDUPE_WINDOW_MS)).toBe(false);
    expect(
      Object.keys(
        screen(
          emptyAppliedLog(),
          burst.map((x, i) => ({ ...x, shardId: `s${i}` })),
        ).log.positions,
      ),
    ).toHaveLength(APPLIED_LOG_LIMITS.shards);
  });

  it("recognises any duplicate while the log and the spilled rows remember it, however batches were cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 600 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }),
        (ids, cuts) => {
          // The spilled rows, as the store would keep them.
          const spilledRows = new Set<string>();
          let log = emptyAppliedLog();
          const applied: string[] = [];
          let position = 0;
          for (let c = 0; position < ids.length; c++) {
            const size = cuts[c % cuts.length] ?? 1;
            const batch = ids
              .slice(position, position + size)
              .map((id, i) => d(String(position + i + 1), `e${id}`));
            position += size;
            const seen = new Set(
              batch.map((x) => eventFingerprint(x.eventId)).filter((f) => spilledRows.has(f)),
            );
            const screened = screenDeliveries(log, batch, NOW, seen);
            for (const f of screened.spilled) spilledRows.add(f);
            applied.push(...screened.fresh.map((x) => x.eventId));
            log = screened.log;
          }
          expect(applied).toEqual([...new Set(ids.map((id) => `e${id}`))]);
          expect(log.recentEvents.length).toBeLessThanOrEqual(APPLIED_LOG_LIMITS.recentEvents + 97);
        },
      ),
    );
  });
});
