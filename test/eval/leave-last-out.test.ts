import { describe, expect, it } from "vitest";
import type { Interaction } from "./interaction-log.js";
import { leaveLastOut } from "./leave-last-out.js";
import { sampleRankCandidates } from "./rank-candidates.js";

const at = (customerId: string, itemId: string, minute: number): Interaction => ({
  customerId,
  itemId,
  at: minute * 60_000,
  type: "view",
});

describe("leave-last-out", () => {
  it("holds out each customer's last interaction in time order (ties by log order), keeping single-event customers in training", () => {
    const log = [at("a", "x", 5), at("a", "y", 1), at("b", "x", 2), at("a", "z", 5), at("c", "w", 0)];
    const split = leaveLastOut(log);
    expect(split.heldOut.get("a")?.itemId).toBe("z"); // x and z tie at minute 5; z comes later in the log
    expect(split.heldOut.has("b")).toBe(false);
    expect(split.training.map((i) => i.itemId)).toEqual(["w", "y", "x", "x"]);
    expect(split.histories.get("a")?.map((i) => i.itemId)).toEqual(["y", "x"]);
    expect(split.catalog).toEqual(["w", "y", "x", "z"]);
  });
});

describe("rank candidates", () => {
  const catalog = Array.from({ length: 500 }, (_, i) => `i${i}`);

  it("draws the same candidates for the same seed and customer, without the customer's items", () => {
    const seen = new Set(["i1", "i2", "i3"]);
    const one = sampleRankCandidates(catalog, seen, "i4", 100, 42, 0);
    expect(sampleRankCandidates(catalog, seen, "i4", 100, 42, 0)).toEqual(one);
    expect(sampleRankCandidates(catalog, seen, "i4", 100, 43, 0)).not.toEqual(one);
    expect(one).toHaveLength(101);
    expect(new Set(one).size).toBe(101);
    expect(one.filter((id) => seen.has(id))).toEqual([]);
    expect(one.filter((id) => id === "i4")).toHaveLength(1);
  });

  it("takes every eligible item when fewer than asked qualify", () => {
    const few = sampleRankCandidates(["a", "b", "c", "d"], new Set(["a"]), "b", 100, 1, 3);
    expect([...few].sort()).toEqual(["b", "c", "d"]);
  });
});
