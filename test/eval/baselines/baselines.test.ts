import { describe, expect, it } from "vitest";
import type { Interaction } from "../interaction-log.js";
import { TrainingIndex } from "../training-index.js";
import { rankCandidates, recommend } from "./baseline.js";
import { ItemKnn } from "./item-knn.js";
import { MostPopular } from "./most-popular.js";
import { SESSION_KNN_DEFAULTS, SessionKnn } from "./session-knn.js";

const MIN = 60_000;

/** A training log from `customer: [item, minute]` pairs, with its index and per-customer histories. */
function training(log: Record<string, [string, number][]>) {
  const interactions: Interaction[] = Object.entries(log).flatMap(([customerId, events]) =>
    events.map(([itemId, minute]) => ({ customerId, itemId, at: minute * MIN, type: "view" as const })),
  );
  const catalog = [...new Set(interactions.map((i) => i.itemId))].sort();
  const histories = new Map(Object.keys(log).map((c) => [c, interactions.filter((i) => i.customerId === c)]));
  return { index: new TrainingIndex(interactions, catalog), histories };
}

describe("item-kNN (cosine over customers, summed over the customer's items)", () => {
  // Customers of each item: A {u1, u2}, B {u1, u3}, C {u2, u3}, D {u3}.
  const { index } = training({
    u1: [
      ["A", 0],
      ["B", 1],
    ],
    u2: [
      ["A", 0],
      ["C", 1],
    ],
    u3: [
      ["B", 0],
      ["C", 1],
      ["D", 2],
    ],
  });
  const knn = new ItemKnn(index);

  it("scores a candidate by Σ sim(i, j) over the customer's items", () => {
    const s = knn.scores("u1");
    const at = (id: string) => s[index.itemIndex.get(id) ?? -1];
    // C: sim(A,C) = 1/√(2·2) = 0.5, sim(B,C) = 1/√(2·2) = 0.5. D: sim(A,D) = 0, sim(B,D) = 1/√(2·1).
    expect(at("C")).toBeCloseTo(1, 12);
    expect(at("D")).toBeCloseTo(Math.SQRT1_2, 12);
    // Training items score too (sim(A,A) = 1 plus sim(B,A) = 0.5); recommend leaves them out.
    expect(at("A")).toBeCloseTo(1.5, 12);
    expect(recommend(s, index, "u1", 10)).toEqual(["C", "D"]);
  });

  it("ranks given candidates by the same scores, keeping the caller's order on ties", () => {
    expect(rankCandidates(knn.scores("u1"), index, ["D", "C"])).toEqual(["C", "D"]);
    expect(rankCandidates(knn.scores("u1"), index, ["unknown", "D", "other"])).toEqual([
      "D",
      "unknown",
      "other",
    ]);
  });

  it("a customer without training gets nothing rather than arbitrary items", () => {
    expect(recommend(knn.scores("nobody"), index, "nobody", 10)).toEqual([]);
  });
});

describe("most popular", () => {
  it("ranks by training interactions, repeats counted, without the customer's own items", () => {
    const { index } = training({
      u1: [
        ["A", 0],
        ["A", 1],
        ["B", 2],
      ],
      u2: [
        ["C", 0],
        ["B", 1],
      ],
      u3: [["C", 0]],
    });
    const popular = new MostPopular(index);
    // A 2, B 2, C 2: ties in catalog order.
    expect(recommend(popular.scores(), index, "u3", 10)).toEqual(["A", "B"]);
    expect(recommend(popular.scores(), index, "u1", 10)).toEqual(["C"]);
  });
});

describe("session-kNN", () => {
  // u1 has two sessions ({A, B}, then {C} two hours later); u4 is the customer recommended for.
  const log = training({
    u1: [
      ["A", 0],
      ["B", 1],
      ["C", 120],
    ],
    u2: [
      ["A", 0],
      ["C", 1],
    ],
    u3: [
      ["B", 0],
      ["D", 1],
    ],
    u4: [
      ["X", 0],
      ["A", 1],
      ["B", 2],
    ],
  });
  const sknn = (p: Partial<typeof SESSION_KNN_DEFAULTS>) =>
    new SessionKnn(log.index, log.histories, { ...SESSION_KNN_DEFAULTS, ...p });
  const scoreOf = (knn: SessionKnn, id: string) => knn.scores("u4")[log.index.itemIndex.get(id) ?? -1];

  it("plain SKNN: cosine between the last m items and past sessions of others, the k best voting", () => {
    // Window {A, B} (m = 2 leaves X out). Similarities: u1's {A, B} 2/√(2·2) = 1; u2's {A, C} and u3's
    // {B, D} 1/√(2·2) = 0.5 each; u1's {C} 0. With k = 2 the tie goes to the earlier session (u2's).
    const knn = sknn({ k: 2, m: 2, decay: "none" });
    expect(scoreOf(knn, "A")).toBeCloseTo(1.5, 12);
    expect(scoreOf(knn, "C")).toBeCloseTo(0.5, 12);
    expect(scoreOf(knn, "D")).toBe(0);
    expect(recommend(knn.scores("u4"), log.index, "u4", 10)).toEqual(["C"]);
    expect(recommend(sknn({ k: 3, m: 2, decay: "none" }).scores("u4"), log.index, "u4", 10)).toEqual([
      "C",
      "D",
    ]);
  });

  it("linear decay weighs the most recent item 1 and the p-th before it (m − p)/m", () => {
    // B (most recent) weighs 1, A weighs ½: u1's {A, B} (1 + ½)/2 = 0.75, u3's {B, D} ½, u2's {A, C} ¼.
    const knn = sknn({ k: 2, m: 2, decay: "linear" });
    expect(scoreOf(knn, "D")).toBeCloseTo(0.5, 12);
    expect(scoreOf(knn, "C")).toBe(0);
    expect(recommend(knn.scores("u4"), log.index, "u4", 10)).toEqual(["D"]);
  });

  it("without a session gap a past customer's whole history is one session", () => {
    // u1 becomes {A, B, C}: 2/√(2·3); it alone votes with k = 1.
    const knn = sknn({ k: 1, m: 2, decay: "none", sessionGapMs: Number.POSITIVE_INFINITY });
    expect(scoreOf(knn, "C")).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(knn.parameters.sessionGapMinutes).toBe("whole history");
  });

  it("a wider window takes in older items", () => {
    // m = 3: window {X, A, B}, |s| = 3; u1's {A, B}: 2/√(3·2).
    const knn = sknn({ k: 1, m: 3, decay: "none" });
    expect(scoreOf(knn, "B")).toBeCloseTo(2 / Math.sqrt(6), 12);
  });

  it("recent-session sampling keeps only the most recent past sessions sharing an item", () => {
    // Sessions ending latest: u1's {C} (minute 120, shares nothing), then u1's {A, B} at minute 1, u2's and
    // u3's at minute 1: with a sample of 1 only u1's {A, B} (the earliest-indexed of those ending at 1) votes.
    const knn = sknn({ k: 100, m: 2, decay: "none", sampleSize: 1 });
    expect(recommend(knn.scores("u4"), log.index, "u4", 10)).toEqual([]);
    expect(scoreOf(knn, "A")).toBeCloseTo(1, 12);
  });
});
