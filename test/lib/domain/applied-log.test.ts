import { describe, expect, it } from "vitest";
import {
  APPLIED_LOG_LIMITS,
  emptyAppliedLog,
  markDelivered,
  verdict,
} from "../../../lib/domain/applied-log.js";

describe("the applied-log", () => {
  it("recognises a redelivery by sequence number, however long the number is", () => {
    const log = markDelivered(
      emptyAppliedLog(),
      "shard-0",
      "49590338271490256608559692538361571095921575989136588898",
      "e1",
    );
    expect(verdict(log, "shard-0", "49590338271490256608559692538361571095921575989136588898", "e9")).toBe(
      "redelivery",
    );
    expect(verdict(log, "shard-0", "9", "e9")).toBe("redelivery");
    expect(verdict(log, "shard-0", "49590338271490256608559692538361571095921575989136588899", "e9")).toBe(
      "apply",
    );
  });

  it("recognises a producer's duplicate that arrives under a new sequence number", () => {
    const log = markDelivered(emptyAppliedLog(), "shard-0", "100", "e1");
    expect(verdict(log, "shard-0", "200", "e1")).toBe("duplicate");
  });

  it("keeps sequence numbers per shard", () => {
    const log = markDelivered(emptyAppliedLog(), "shard-0", "500", "e1");
    expect(verdict(log, "shard-1", "100", "e2")).toBe("apply");
  });

  it("stays bounded", () => {
    let log = emptyAppliedLog();
    for (let i = 0; i < 1000; i++) log = markDelivered(log, `shard-${i % 20}`, String(i + 1), `e${i}`);
    expect(log.recentEventIds).toHaveLength(APPLIED_LOG_LIMITS.recentEventIds);
    expect(Object.keys(log.positions)).toHaveLength(APPLIED_LOG_LIMITS.shards);
  });
});
