import { describe, expect, it } from "vitest";
import { APPLIED_LOG_LIMITS, emptyAppliedLog, screenDeliveries } from "../../../lib/domain/applied-log.js";

const LONG = "49590338271490256608559692538361571095921575989136588898";
const d = (sequenceNumber: string, eventId: string, shardId = "shard-0") => ({
  shardId,
  sequenceNumber,
  eventId,
});

describe("the applied-log", () => {
  it("recognises a redelivery by sequence number, however long the number is", () => {
    const { log } = screenDeliveries(emptyAppliedLog(), [d(LONG, "e1")]);
    const again = screenDeliveries(log, [d(LONG, "e9"), d("9", "e8"), d(`${LONG.slice(0, -1)}9`, "e7")]);
    expect(again.redeliveries.map((x) => x.eventId)).toEqual(["e9", "e8"]);
    expect(again.fresh.map((x) => x.eventId)).toEqual(["e7"]);
  });

  it("recognises a producer's duplicate that arrives under a new sequence number, in the same batch or later", () => {
    const first = screenDeliveries(emptyAppliedLog(), [d("100", "e1"), d("101", "e1")]);
    expect(first.fresh.map((x) => x.sequenceNumber)).toEqual(["100"]);
    expect(first.duplicates.map((x) => x.sequenceNumber)).toEqual(["101"]);
    expect(screenDeliveries(first.log, [d("200", "e1")]).duplicates).toHaveLength(1);
  });

  it("keeps sequence numbers per shard", () => {
    const { log } = screenDeliveries(emptyAppliedLog(), [d("500", "e1", "shard-0")]);
    expect(screenDeliveries(log, [d("100", "e2", "shard-1")]).fresh).toHaveLength(1);
  });

  it("stays bounded, and remembers the same ids however the deliveries were batched", () => {
    const all = Array.from({ length: 1000 }, (_, i) => d(String(i + 1), `e${i}`, `shard-${i % 20}`));
    const atOnce = screenDeliveries(emptyAppliedLog(), all).log;
    let inParts = emptyAppliedLog();
    for (let i = 0; i < all.length; i += 37) inParts = screenDeliveries(inParts, all.slice(i, i + 37)).log;
    expect(atOnce.recentEventIds).toHaveLength(APPLIED_LOG_LIMITS.recentEventIds);
    expect(Object.keys(atOnce.positions)).toHaveLength(APPLIED_LOG_LIMITS.shards);
    expect(inParts).toEqual(atOnce);
  });
});
