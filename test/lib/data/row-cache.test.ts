import { describe, expect, it } from "vitest";
import { RowCache } from "../../../lib/data/row-cache.js";

describe("a serving process's cache of rows", () => {
  it("gives a row back within its bound, and never after", () => {
    const clock = { now: 0 };
    const cache = new RowCache<{ n: number }>(10_000, 64 * 1024 * 1024, () => clock.now);
    cache.set("tent", { n: 1 });
    clock.now += 9_999;
    expect(cache.get("tent")).toEqual({ n: 1 });
    clock.now += 1;
    expect(cache.get("tent")).toBeUndefined();
  });

  it("keeps at most its bound of bytes, dropping the rows read longest ago", () => {
    const cache = new RowCache<{ text: string }>(10_000, 760, () => 0);
    cache.set("a", { text: "a" });
    cache.set("b", { text: "b" });
    cache.set("big", { text: "x".repeat(100) });
    expect([cache.get("a"), cache.get("b")?.text, cache.get("big")?.text.length]).toEqual([
      undefined,
      "b",
      100,
    ]);
  });

  it("keeps nothing with a bound of 0 seconds", () => {
    const none = new RowCache<{ n: number }>(0);
    none.set("a", { n: 1 });
    expect(none.get("a")).toBeUndefined();
  });
});
