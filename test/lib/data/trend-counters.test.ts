import { describe, expect, it } from "vitest";
import { trendRow } from "../../../lib/data/rows/trend.js";
import { dict } from "../../../lib/domain/dict.js";
import { mergeTrendRow, TRENDING_SETTINGS, type TrendRow } from "../../../lib/domain/trending.js";

// Every flush reads a trend row, adds its increments and writes it back. Counters are stored exactly: storing
// them rounded (7 significant digits, tried in 0.2.0's development) dropped a popular item's per-flush
// increment whenever it was under half a unit in the counter's last kept digit — on every write, so a best-seller's
// long counter stopped moving and it was soon shown as "rising" (docs/benchmarks.md).

const { shortHalfLifeMs: hs, longHalfLifeMs: hl } = TRENDING_SETTINGS;
const EPOCH = 1_790_000_000_000;

/** An item at its steady state for `rate` views per second, then `flushes` flushes of one view each. */
function simulate(rate: number, epochAgeHours: number, flushes: number) {
  const t0 = EPOCH + epochAgeHours * 3_600_000;
  const grow = (at: number, h: number) => 2 ** ((at - EPOCH) / h);
  const steady = (h: number) => ((rate * h) / 1000 / Math.LN2) * grow(t0, h);
  const start: TrendRow = {
    scope: "*#*",
    epoch: EPOCH,
    latest: t0,
    items: dict([["hot", [steady(hs), steady(hl)]]]),
    halfLives: [hs, hl],
  };
  let stored = trendRow.fromItem(trendRow.toItem(start, 1)).row;
  let exact = stored;
  const [, l0] = stored.items.hot ?? [0, 0];
  for (let i = 1; i <= flushes; i++) {
    const signals = new Map([["hot", [{ at: t0 + (i * 1000) / rate, weight: 1 }]]]);
    stored = trendRow.fromItem(trendRow.toItem(mergeTrendRow(stored, signals), i + 1)).row;
    exact = mergeTrendRow(exact, signals);
  }
  const [, storedLong] = stored.items.hot ?? [0, 0];
  const [, exactLong] = exact.items.hot ?? [0, 0];
  return {
    counted: (storedLong - l0) / (exactLong - l0),
    relativeError: Math.abs(storedLong - exactLong) / exactLong,
  };
}

describe("trend counters read and written back by every flush", () => {
  it("count every event of a popular item in the long counter (10 views/s, one per flush)", () => {
    const { counted } = simulate(10, 100, 2000);
    expect(counted).toBeGreaterThan(0.99);
  });

  it("count a moderately popular item's events without a systematic bias (5 views/s, one per flush)", () => {
    const { counted } = simulate(5, 12, 2000);
    expect(counted).toBeGreaterThan(0.99);
  });

  it("come back after many writes exactly as counted in memory", () => {
    const { relativeError } = simulate(40, 12, 2000);
    expect(relativeError).toBe(0);
  });
});
