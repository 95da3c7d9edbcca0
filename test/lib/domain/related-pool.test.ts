import { describe, expect, it } from "vitest";
import type { Neighbourhood } from "../../../lib/domain/co-occurrence.js";
import {
  addRelatedInPlace,
  emptyRelatedPool,
  interactionSignals,
  NEIGHBOURS_PER_INTERACTION,
  RELATED_POOL_LIMITS,
  relatedNow,
} from "../../../lib/domain/related-pool.js";

const hood = (itemId: string, occurrences: number, neighbours: Record<string, number>): Neighbourhood => ({
  itemId,
  occurrences,
  neighbours,
});

describe("what an interaction brings into the related pool", () => {
  it("brings the item's strongest neighbours, each with its share of the item's occurrences", () => {
    const neighbours = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`n-${i}`, 15 - i]));
    const signals = interactionSignals("view", hood("tent", 30, neighbours), undefined);
    expect(signals).toHaveLength(NEIGHBOURS_PER_INTERACTION);
    expect(signals[0]).toEqual({ itemId: "n-0", relation: "also_viewed", share: 0.5 });
  });

  it("adds bought-together neighbours for a purchase, and only for a purchase", () => {
    const viewed = hood("tent", 4, { mat: 2 });
    const bought = hood("tent", 2, { pegs: 1 });
    expect(interactionSignals("view", viewed, bought).map((s) => s.relation)).toEqual(["also_viewed"]);
    expect(interactionSignals("purchase", viewed, bought).map((s) => s.relation)).toEqual([
      "also_viewed",
      "bought_together",
    ]);
  });
});

describe("the related pool", () => {
  it("weights neighbours by how strong the interaction was, and remembers which item brought each in", () => {
    const pool = emptyRelatedPool();
    addRelatedInPlace(pool, "tent", interactionSignals("view", hood("tent", 4, { mat: 2 }), undefined), 1);
    addRelatedInPlace(pool, "stove", interactionSignals("view", hood("stove", 2, { pot: 2 }), undefined), 8);
    expect(relatedNow(pool)).toEqual([
      { itemId: "pot", weight: 8, via: { type: "also_viewed", itemId: "stove" } },
      // One interaction ago: decayed by one step of the pool's half-life.
      {
        itemId: "mat",
        weight: 0.5 * 2 ** (-1 / RELATED_POOL_LIMITS.halfLifeSteps),
        via: { type: "also_viewed", itemId: "tent" },
      },
    ]);
  });

  it("ignores dismissals and never holds the item that was interacted with", () => {
    const pool = emptyRelatedPool();
    addRelatedInPlace(pool, "tent", [{ itemId: "mat", relation: "also_viewed", share: 1 }], -3);
    addRelatedInPlace(pool, "tent", [{ itemId: "tent", relation: "also_viewed", share: 1 }], 1);
    expect(relatedNow(pool)).toEqual([]);
  });

  it("stays within its bound, keeping the strongest, with a reason for each kept item only", () => {
    const pool = emptyRelatedPool();
    for (let i = 0; i < RELATED_POOL_LIMITS.maxFeatures * 2; i++) {
      addRelatedInPlace(pool, `src-${i}`, [{ itemId: `n-${i}`, relation: "also_viewed", share: 1 }], 1 + i);
    }
    expect(Object.keys(pool.vector.weights)).toHaveLength(RELATED_POOL_LIMITS.maxFeatures);
    expect(Object.keys(pool.via).sort()).toEqual(Object.keys(pool.vector.weights).sort());
    expect(relatedNow(pool)[0]?.itemId).toBe(`n-${RELATED_POOL_LIMITS.maxFeatures * 2 - 1}`);
  });

  it("lets the customer's last few interactions dominate, however long ago the earlier ones were", () => {
    const pool = emptyRelatedPool();
    const look = (item: string, neighbour: string) =>
      addRelatedInPlace(pool, item, [{ itemId: neighbour, relation: "also_viewed", share: 1 }], 1);
    look("old-1", "old-neighbour");
    for (let i = 0; i < 12; i++) look(`filler-${i}`, "filler-neighbour");
    look("last", "new-neighbour");
    const weights = new Map(relatedNow(pool).map((r) => [r.itemId, r.weight]));
    expect(weights.get("new-neighbour")).toBe(1);
    expect(weights.get("old-neighbour") ?? 0).toBeLessThan(0.15);
  });
});
