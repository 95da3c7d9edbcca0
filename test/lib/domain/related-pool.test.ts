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
    const count = NEIGHBOURS_PER_INTERACTION + 5;
    const neighbours = Object.fromEntries(Array.from({ length: count }, (_, i) => [`n-${i}`, count - i]));
    const signals = interactionSignals("view", hood("tent", count * 2, neighbours), undefined);
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
  it("weights neighbours by how strong the interaction was, to four significant digits", () => {
    const pool = emptyRelatedPool();
    addRelatedInPlace(pool, "tent", interactionSignals("view", hood("tent", 4, { mat: 2 }), undefined), 1);
    addRelatedInPlace(pool, "stove", interactionSignals("view", hood("stove", 2, { pot: 2 }), undefined), 8);
    const [pot, mat] = relatedNow(pool);
    expect(pot?.itemId).toBe("pot");
    expect(pot?.weight).toBeCloseTo(8, 2);
    // One interaction ago: decayed by one step of the pool's half-life.
    expect(mat?.itemId).toBe("mat");
    expect(mat?.weight).toBeCloseTo(0.5 * 2 ** (-1 / RELATED_POOL_LIMITS.halfLifeSteps), 3);
  });

  it("ignores dismissals and never holds the item that was interacted with", () => {
    const pool = emptyRelatedPool();
    addRelatedInPlace(pool, "tent", [{ itemId: "mat", relation: "also_viewed", share: 1 }], -3);
    addRelatedInPlace(pool, "tent", [{ itemId: "tent", relation: "also_viewed", share: 1 }], 1);
    expect(relatedNow(pool)).toEqual([]);
  });

  it("stays within its bound, keeping the strongest", () => {
    const pool = emptyRelatedPool();
    const many = RELATED_POOL_LIMITS.maxFeatures * 2;
    const signals = Array.from({ length: many }, (_, i) => ({
      itemId: `n-${i}`,
      relation: "also_viewed" as const,
      share: (i + 1) / many,
    }));
    addRelatedInPlace(pool, "src-a", signals.slice(0, many / 2), 1);
    addRelatedInPlace(pool, "src-b", signals.slice(many / 2), 1);
    expect(Object.keys(pool.vector.weights)).toHaveLength(RELATED_POOL_LIMITS.maxFeatures);
    expect(relatedNow(pool)[0]?.itemId).toBe(`n-${many - 1}`);
  });

  it("lets the customer's last few interactions dominate, however long ago the earlier ones were", () => {
    const pool = emptyRelatedPool();
    const look = (item: string, neighbour: string) =>
      addRelatedInPlace(pool, item, [{ itemId: neighbour, relation: "also_viewed", share: 1 }], 1);
    look("old-1", "old-neighbour");
    for (let i = 0; i < 12; i++) look(`filler-${i}`, "filler-neighbour");
    look("last", "new-neighbour");
    const weights = new Map(relatedNow(pool).map((r) => [r.itemId, r.weight]));
    expect(weights.get("new-neighbour")).toBeCloseTo(1, 3);
    expect(weights.get("old-neighbour") ?? 0).toBeLessThan(0.15);
  });
});
