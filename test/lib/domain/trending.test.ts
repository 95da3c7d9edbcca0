import fc from "fast-check";
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

describe("trend rows across a change of half-lives", () => {
  const settingsWith = (short: number, long: number) => ({
    ...TRENDING_SETTINGS,
    shortHalfLifeMs: short * HOUR,
    longHalfLifeMs: long * HOUR,
  });
  const halfLives = fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 12, max: 96 }))
    .map(([short, long]) => settingsWith(short, long));
  /** A counter's [short, long] values at `at`: as built up to the row's latest signal, as configured after. */
  const valuesAt = (
    row: TrendRow,
    id: string,
    at: number,
    now: { shortHalfLifeMs: number; longHalfLifeMs: number },
  ): [number, number] => {
    const [s, l] = row.items[id] ?? [0, 0];
    const [bs, bl] = row.halfLives ?? [now.shortHalfLifeMs, now.longHalfLifeMs];
    const decay = (built: number, h: number) =>
      2 ** (-(row.latest - row.epoch) / built) * 2 ** (-(Math.max(at, row.latest) - row.latest) / h);
    return [s * decay(bs, now.shortHalfLifeMs), l * decay(bl, now.longHalfLifeMs)];
  };

  it("leave today's counters unchanged, and later signals land on the same scale", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("a", "b"),
            fc.integer({ min: 0, max: 72 * HOUR }),
            fc.integer({ min: 1, max: 5 }),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        halfLives,
        halfLives,
        fc.integer({ min: 0, max: 60_000 }),
        (entries, before, after, gap) => {
          const built = mergeTrendRow(
            empty(),
            signals(entries.map(([id, at, w]) => [id, T + at, w])),
            before,
          );
          const today = built.latest;
          const withX = mergeTrendRow(built, signals([["x", today, 1]]), before);
          const changed = mergeTrendRow(withX, new Map(), after);
          expect(changed.halfLives).toEqual([after.shortHalfLifeMs, after.longHalfLifeMs]);
          for (const id of Object.keys(withX.items)) {
            const [s0, l0] = valuesAt(withX, id, today, before);
            const [s1, l1] = valuesAt(changed, id, today, after);
            expect(s1 / s0).toBeCloseTo(1, 9);
            expect(l1 / l0).toBeCloseTo(1, 9);
          }
          const withY = mergeTrendRow(changed, signals([["y", today + gap, 1]]), after);
          const end = today + gap + 24 * HOUR;
          const [xs, xl] = valuesAt(withY, "x", end, after);
          const [ys, yl] = valuesAt(withY, "y", end, after);
          expect(xs / ys).toBeCloseTo(2 ** (-gap / after.shortHalfLifeMs), 9);
          expect(xl / yl).toBeCloseTo(2 ** (-gap / after.longHalfLifeMs), 9);
        },
      ),
    );
  });

  it("score as before when the half-lives do not change, and read rows stored without them", () => {
    const row = mergeTrendRow(
      empty(),
      signals([
        ["a", T, 5],
        ["b", T - 3 * HOUR, 9],
      ]),
    );
    expect(row.halfLives).toEqual([TRENDING_SETTINGS.shortHalfLifeMs, TRENDING_SETTINGS.longHalfLifeMs]);
    const { halfLives: _, ...stored } = row;
    expect(trendingScores(stored, T + HOUR)).toEqual(trendingScores(row, T + HOUR));
    expect(mergeTrendRow(stored, new Map()).items).toEqual(row.items);
  });
});
