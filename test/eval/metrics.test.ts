import { describe, expect, it } from "vitest";
import { hitAt, ListTally, ndcgAt, popularityPercentiles, reciprocalRankAt } from "./metrics.js";

describe("list metrics with one held-out item", () => {
  it("HR@k, NDCG@k and reciprocal rank count a hit at 0-based position p as 1, 1/log2(p + 2) and 1/(p + 1)", () => {
    const list = ["a", "b", "c", "d"];
    expect([hitAt(list, "a"), ndcgAt(list, "a"), reciprocalRankAt(list, "a")]).toEqual([1, 1, 1]);
    expect(hitAt(list, "c")).toBe(1);
    expect(ndcgAt(list, "c")).toBeCloseTo(0.5, 12); // 1/log2(4)
    expect(reciprocalRankAt(list, "c")).toBeCloseTo(1 / 3, 12);
    expect(ndcgAt(list, "b")).toBeCloseTo(0.63093, 6); // 1/log2(3)
  });

  it("a miss, or a hit past the cut-off, counts 0", () => {
    expect([hitAt(["a"], "z"), ndcgAt(["a"], "z"), reciprocalRankAt(["a"], "z")]).toEqual([0, 0, 0]);
    expect([hitAt(["a", "b", "c"], "c", 2), ndcgAt(["a", "b", "c"], "c", 2)]).toEqual([0, 0]);
  });

  it("popularity percentile is the percentile rank of an item's training count, ties sharing the middle", () => {
    // Counts sorted: d 0, b 1, c 1, a 3 (4 items).
    const p = popularityPercentiles(
      new Map([
        ["a", 3],
        ["b", 1],
        ["c", 1],
      ]),
      ["a", "b", "c", "d"],
    );
    expect(p.get("a")).toBe(87.5); // (3 below + ½ · 1) / 4
    expect(p.get("b")).toBe(50); // (1 below + ½ · 2) / 4
    expect(p.get("c")).toBe(50);
    expect(p.get("d")).toBe(12.5); // (0 + ½ · 1) / 4
  });

  it("a tally averages over cases and counts coverage, popularity, already-seen items and length over what was shown", () => {
    const percentiles = new Map([
      ["a", 90],
      ["b", 50],
      ["c", 10],
    ]);
    const tally = new ListTally(percentiles);
    tally.add(["a", "b"], "b", new Set(["a"])); // hit at position 1; a was in the customer's training
    tally.add(["a"], "c"); // miss
    tally.add([], "a"); // an empty list still counts as a case
    const s = tally.scores(10);
    expect(s.cases).toBe(3);
    expect(s.hr).toBeCloseTo(1 / 3, 12);
    expect(s.hrMargin).toBeCloseTo(1.96 * Math.sqrt(((1 / 3) * (2 / 3)) / 3), 12);
    expect(s.ndcg).toBeCloseTo(0.63093 / 3, 6);
    expect(s.mrr).toBeCloseTo(0.5 / 3, 12);
    expect(s.coverage).toBe(0.2); // a and b of 10 items
    expect(s.popularity).toBeCloseTo((90 + 50 + 90) / 3, 12);
    expect(s.length).toBe(1);
    expect(s.alreadySeen).toBeCloseTo(1 / 3, 12); // one of three showings
  });

  it("only the first 10 of a longer list count", () => {
    const list = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const tally = new ListTally(new Map());
    tally.add(list, "i11");
    expect(tally.scores(12)).toMatchObject({ hr: 0, length: 10, coverage: 10 / 12 });
  });
});
