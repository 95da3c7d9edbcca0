import { describe, expect, it } from "vitest";
import {
  mergeTrendRow,
  TRENDING_SETTINGS,
  type TrendRow,
  trendingScores,
  trendScopes,
} from "../../../lib/domain/trending.js";

const HOUR = 3_600_000;
const T = Date.parse("2026-11-20T12:00:00Z");
const empty = (scope = "*#*"): TrendRow => ({ scope, epoch: 0, latest: 0, items: {} });
const signals = (entries: [string, number, number][]) => {
  const map = new Map<string, { at: number; weight: number }[]>();
  for (const [id, at, weight] of entries) map.set(id, [...(map.get(id) ?? []), { at, weight }]);
  return map;
};

describe("trending scopes", () => {
  it("count an interaction anywhere and in its country, for any category and each level of its path", () => {
    expect(trendScopes("DE", ["shoes/running"]).sort()).toEqual(
      ["*#*", "*#shoes", "*#shoes/running", "DE#*", "DE#shoes", "DE#shoes/running"].sort(),
    );
    expect(trendScopes(undefined, [])).toEqual(["*#*"]);
  });
});

describe("trending scores", () => {
  it("rank a steady seller by its rate and lift an item whose interest is rising", () => {
    // Four views an hour for three weeks: long enough for the 48-hour baseline to see it as steady.
    const steady: [string, number, number][] = Array.from({ length: 21 * 24 }, (_, h) => [
      "steady",
      T - h * HOUR,
      4,
    ]);
    const riser: [string, number, number][] = Array.from({ length: 8 }, (_, i) => [
      "riser",
      T - i * 10 * 60_000,
      3,
    ]);
    const row = mergeTrendRow(empty(), signals([...steady, ...riser]));
    const scores = trendingScores(row, T);
    expect(scores.map((s) => s.itemId)).toEqual(["riser", "steady"]);
    expect(scores.find((s) => s.itemId === "riser")?.rising).toBe(true);
    expect(scores.find((s) => s.itemId === "steady")?.rising).toBe(false);
  });

  it("fade when nothing more happens", () => {
    const row = mergeTrendRow(empty(), signals([["a", T, 5]]));
    const [now] = trendingScores(row, T);
    const [later] = trendingScores(row, T + TRENDING_SETTINGS.shortHalfLifeMs);
    expect(later?.score).toBeCloseTo((now?.score ?? 0) / 2, 6);
  });

  it("keep a bounded number of items per scope, and stay finite over a long life", () => {
    let row = empty();
    for (let day = 0; day < 400; day++) {
      row = mergeTrendRow(
        row,
        signals(Array.from({ length: 10 }, (_, i) => [`d${day}-i${i}`, T + day * 24 * HOUR, 1])),
      );
    }
    expect(Object.keys(row.items)).toHaveLength(TRENDING_SETTINGS.maxItems);
    expect(trendingScores(row, T + 400 * 24 * HOUR).every((s) => Number.isFinite(s.score))).toBe(true);
  });
});

describe("a large flush", () => {
  it("merges hundreds of thousands of signals for one scope", () => {
    const many = new Map([["busy", Array.from({ length: 300_000 }, (_, i) => ({ at: T + i, weight: 1 }))]]);
    const row = mergeTrendRow(empty(), many);
    expect(row.latest).toBe(T + 299_999);
    expect(trendingScores(row, row.latest)[0]?.itemId).toBe("busy");
  });
});
