import { describe, expect, it } from "vitest";
import {
  CO_VIEW_SETTINGS,
  CoViewTally,
  coViewSimilarity,
  mergeNeighbourhood,
  sessionPartners,
  tallyCoViews,
} from "../../../lib/domain/co-views.js";
import type { HistoryEntry } from "../../../lib/domain/profile.js";

const MIN = 60_000;
const T = Date.parse("2026-11-20T12:00:00Z");
const h = (itemId: string, minutesAgo: number, type: HistoryEntry["type"] = "view"): HistoryEntry => ({
  itemId,
  type,
  at: T - minutesAgo * MIN,
});

describe("session partners", () => {
  it("are the distinct other items looked at within the session window before the event", () => {
    const history = [h("b", 1), h("a", 2), h("b", 3), h("x", 4, "dismiss"), h("c", 29), h("old", 31)];
    expect(sessionPartners(history, "a", T)).toEqual(["b", "c"]);
  });

  it("are capped at the most recent ones", () => {
    const history = Array.from({ length: 50 }, (_, i) => h(`i${i}`, i * 0.1));
    expect(sessionPartners(history, "z", T)).toHaveLength(CO_VIEW_SETTINGS.maxPartners);
  });
});

describe("tallying a customer's new events", () => {
  it("pairs each event with what came before it, in both directions, and counts views", () => {
    const tally = new CoViewTally();
    const at = (m: number) => new Date(T + m * MIN).toISOString();
    tallyCoViews(
      tally,
      [h("a", 5)],
      [
        { itemId: "b", type: "view", timestamp: at(0) },
        { itemId: "c", type: "add_to_cart", timestamp: at(1) },
        { itemId: "d", type: "dismiss", timestamp: at(2) },
      ],
    );
    expect(Object.fromEntries(tally.views)).toEqual({ b: 1, c: 1 });
    expect(Object.fromEntries([...tally.pairs].map(([k, v]) => [k, Object.fromEntries(v)]))).toEqual({
      a: { b: 1, c: 1 },
      b: { a: 1, c: 1 },
      c: { a: 1, b: 1 },
    });
  });
});

describe("neighbour lists", () => {
  it("add increments and keep only the most co-viewed", () => {
    const many = new Map(Array.from({ length: 150 }, (_, i) => [`n${i}`, i + 1] as const));
    const merged = mergeNeighbourhood({ itemId: "a", views: 3, neighbours: { n149: 5 } }, 2, many);
    expect(merged.views).toBe(5);
    expect(Object.keys(merged.neighbours)).toHaveLength(CO_VIEW_SETTINGS.maxNeighbours);
    expect(merged.neighbours.n149).toBe(155);
    expect(merged.neighbours.n0).toBeUndefined();
  });

  it("score so that a globally popular item does not beat a specific companion", () => {
    const popular = coViewSimilarity(30, 100, 10_000);
    const companion = coViewSimilarity(20, 100, 40);
    expect(companion).toBeGreaterThan(popular);
    expect(coViewSimilarity(0, 1, 1)).toBe(0);
  });
});
