import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TREND_COUNTER_DIGITS, trendRow } from "../../../lib/data/rows/trend.js";
import { dict } from "../../../lib/domain/dict.js";
import type { TrendRow } from "../../../lib/domain/trending.js";

const rowWith = (counters: [number, number][]): TrendRow => ({
  scope: "*#*",
  epoch: 1_790_000_000_000,
  latest: 1_790_000_360_000,
  items: dict(counters.map((pair, i): [string, [number, number]] => [`item-${i}`, pair])),
});

// Forward-decayed counters: positive doubles from tiny to past 2⁵³ (they grow until the row is rebased).
const counter = fc.double({ min: 1e-6, max: 1e30, noNaN: true, noDefaultInfinity: true });

describe("trending counters as stored", () => {
  it(`keep ${TREND_COUNTER_DIGITS} significant digits: each comes back within 5·10⁻⁷ of what was counted`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(counter, counter), { minLength: 1, maxLength: 50 }), (counters) => {
        const { row } = trendRow.fromItem(trendRow.toItem(rowWith(counters), 1));
        counters.forEach(([s, l], i) => {
          const [readS, readL] = row.items[`item-${i}`] ?? [Number.NaN, Number.NaN];
          expect(Math.abs(readS - s) / s).toBeLessThanOrEqual(5e-7);
          expect(Math.abs(readL - l) / l).toBeLessThanOrEqual(5e-7);
        });
      }),
    );
  });

  it("do not drift when a row is read and written again (the items a batch leaves alone stay as they were)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(counter, counter), { minLength: 1, maxLength: 50 }), (counters) => {
        const once = trendRow.fromItem(trendRow.toItem(rowWith(counters), 1)).row;
        const twice = trendRow.fromItem(trendRow.toItem(once, 2)).row;
        expect(twice.items).toEqual(once.items);
      }),
    );
  });

  it("keep whole counts, the epoch and the latest time exactly", () => {
    const row = rowWith([
      [3, 12],
      [1, 1],
    ]);
    expect(trendRow.fromItem(trendRow.toItem(row, 1)).row).toEqual(row);
  });

  it("take fewer bytes than all seventeen digits of each double", () => {
    const counters = Array.from({ length: 200 }, (_, i): [number, number] => [
      Math.PI * 2 ** (i / 7),
      Math.E * 2 ** (i / 11),
    ]);
    const full = Buffer.byteLength(JSON.stringify(counters.map(([s, l], i) => [`item-${i}`, s, l])));
    const doc = trendRow.toItem(rowWith(counters), 1, "json").doc as Uint8Array;
    expect(doc.length).toBeLessThan(full * 0.75);
  });
});
