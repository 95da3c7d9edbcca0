import { describe, expect, it } from "vitest";
import { RowCache } from "../../../lib/data/row-cache.js";

describe("a serving process's cache of rows", () => {
  it("gives a row back within its bound, and never after", () => {
    const clock = { now: 0 };
    const cache = new RowCache<{ n: number }>(10_000, 64 * 1024 * 1024, () => clock.now);
    cache.set("tent", { n: 1 }, cache.stamp());
    clock.now += 9_999;
    expect(cache.get("tent")).toEqual({ n: 1 });
    clock.now += 1;
    expect(cache.get("tent")).toBeUndefined();
  });

  it("keeps at most its bound of bytes, dropping the rows read longest ago", () => {
    const cache = new RowCache<{ text: string }>(10_000, 760, () => 0);
    cache.set("a", { text: "a" }, 0);
    cache.set("b", { text: "b" }, 0);
    cache.set("big", { text: "x".repeat(100) }, 0);
    expect([cache.get("a"), cache.get("b")?.text, cache.get("big")?.text.length]).toEqual([
      undefined,
      "b",
      100,
    ]);
  });

  it("counts its bound from when the read was sent, and never lets an older read replace a newer one", () => {
    const clock = { now: 0 };
    const cache = new RowCache<{ v: number }>(1000, 64 * 1024 * 1024, () => clock.now);
    const slow = cache.stamp(); // sent at 0, answered late
    clock.now = 100;
    cache.set("row", { v: 2 }, cache.stamp());
    clock.now = 900;
    cache.set("row", { v: 1 }, slow);
    expect(cache.get("row")).toEqual({ v: 2 });
    clock.now = 1100;
    expect(cache.get("row")).toBeUndefined(); // its read was sent at 100: the second is over
  });

  it("keeps nothing with a bound of 0 seconds", () => {
    const none = new RowCache<{ n: number }>(0);
    none.set("a", { n: 1 }, 0);
    expect(none.get("a")).toBeUndefined();
  });
});
