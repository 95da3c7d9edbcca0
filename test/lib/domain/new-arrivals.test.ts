import { describe, expect, it } from "vitest";
import { NEW_ARRIVALS, stillNew, withArrivals, withoutArrivals } from "../../../lib/domain/new-arrivals.js";

const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

describe("the catalog's new arrivals", () => {
  it("keep the newest items once each, newest first, within their bound", () => {
    const items = Array.from({ length: NEW_ARRIVALS.kept + 20 }, (_, i) => ({
      itemId: `i-${i}`,
      createdAt: at(i * DAY),
    }));
    let row = withArrivals({ items: [] }, items.slice(0, 60));
    row = withArrivals(row, items.slice(40));
    expect(row.items).toHaveLength(NEW_ARRIVALS.kept);
    expect(row.items[0]).toEqual([`i-${items.length - 1}`, (items.length - 1) * DAY]);
    expect(new Set(row.items.map(([id]) => id)).size).toBe(NEW_ARRIVALS.kept);
  });

  it("are the same whatever order upserts arrive in", () => {
    const a = { itemId: "a", createdAt: at(5 * DAY) };
    const b = { itemId: "b", createdAt: at(5 * DAY) };
    expect(withArrivals(withArrivals({ items: [] }, [a]), [b])).toEqual(
      withArrivals(withArrivals({ items: [] }, [b]), [a]),
    );
  });

  it("leave the row when deleted, withdrawn, or upserted without a date", () => {
    const row = withArrivals({ items: [] }, [
      { itemId: "a", createdAt: at(1 * DAY) },
      { itemId: "b", createdAt: at(2 * DAY) },
      { itemId: "c", createdAt: at(3 * DAY) },
    ]);
    const after = withArrivals(withoutArrivals(row, ["a"]), [
      { itemId: "b", createdAt: at(2 * DAY), available: false },
      { itemId: "c" },
    ]);
    expect(after.items).toEqual([]);
  });

  it("are read past the ones a customer should not be shown, up to the per-request bound", () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ itemId: `i-${i}`, createdAt: at(i * 1000) }));
    const row = withArrivals({ items: [] }, items);
    const seen = new Set(Array.from({ length: 15 }, (_, i) => `i-${29 - i}`));
    const read = stillNew(row, 30 * DAY, 30 * DAY, (id) => !seen.has(id));
    expect(read).toHaveLength(NEW_ARRIVALS.perRequest);
    expect(read[0]).toBe("i-14");
  });

  it("count as new only within the window, and never before they were created", () => {
    const row = withArrivals({ items: [] }, [
      { itemId: "old", createdAt: at(0) },
      { itemId: "recent", createdAt: at(25 * DAY) },
      { itemId: "future", createdAt: at(40 * DAY) },
    ]);
    expect(stillNew(row, 30 * DAY, 10 * DAY)).toEqual(["recent"]);
    expect(stillNew(undefined, 30 * DAY, 10 * DAY)).toEqual([]);
  });
});
