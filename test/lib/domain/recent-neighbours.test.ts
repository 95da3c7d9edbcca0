import { describe, expect, it } from "vitest";
import type { Neighbourhood } from "../../../lib/domain/co-occurrence.js";
import { dict } from "../../../lib/domain/dict.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import type { HistoryEntry } from "../../../lib/domain/profile-state.js";
import {
  RECENT_SOURCES,
  recentSources,
  relatedToRecent,
  sourceRows,
} from "../../../lib/domain/recent-neighbours.js";

const hood = (itemId: string, occurrences: number, neighbours: Record<string, number>): Neighbourhood => ({
  itemId,
  occurrences,
  neighbours: dict(Object.entries(neighbours)),
});

/** A profile whose history is `entries`, newest first. */
function withHistory(entries: Omit<HistoryEntry, "at">[]) {
  return { ...emptyProfile("c"), recentItems: entries.map((e, i) => ({ ...e, at: 1_000 - i })) };
}

describe("the customer's latest items", () => {
  it("are the latest distinct items they looked at closely, the latest weighing 1 and each earlier one less", () => {
    const profile = withHistory([
      { itemId: "e", type: "view" },
      { itemId: "d", type: "dismiss" },
      { itemId: "e", type: "click" },
      { itemId: "c", type: "add_to_cart" },
      { itemId: "x", type: "view", uncatalogued: true },
      { itemId: "b", type: "view" },
      { itemId: "a", type: "purchase" },
      { itemId: "z", type: "view" },
      { itemId: "older", type: "view" },
    ]);
    const sources = recentSources(profile);
    expect(sources.map((s) => [s.itemId, s.weight])).toEqual([
      ["e", 1],
      ["c", 0.8],
      ["b", 0.6],
      ["a", 0.4],
      ["z", 0.2],
    ]);
    expect(sources).toHaveLength(RECENT_SOURCES);
    expect(sourceRows(sources)).toEqual({ coViewed: ["e", "c", "b", "a", "z"], coBought: ["a"] });
  });

  it("are none for a customer Kindred does not know", () => {
    expect(recentSources(undefined)).toEqual([]);
    expect(recentSources(emptyProfile("new"))).toEqual([]);
  });
});

describe("relatedness to the latest items", () => {
  it("sums each source's share of co-occurrences, weighted by recency, and names the strongest source", () => {
    const sources = recentSources(
      withHistory([
        { itemId: "tent", type: "view" },
        { itemId: "stove", type: "view" },
      ]),
    );
    const coViewed = new Map([
      ["tent", hood("tent", 10, { mat: 5, pegs: 2, stove: 9 })],
      ["stove", hood("stove", 4, { mat: 4, gas: 1 })],
    ]);
    const related = relatedToRecent(sources, coViewed, new Map());
    // mat: 1 · 5/10 + 0.8 · 4/4 = 1.3, mostly because of the stove.
    expect(related.get("mat")?.weight).toBeCloseTo(1.3);
    expect(related.get("mat")?.reason).toEqual({ type: "also_viewed", itemId: "stove" });
    expect(related.get("pegs")?.weight).toBeCloseTo(0.2);
    expect(related.get("gas")?.weight).toBeCloseTo(0.2);
  });

  it("counts what was bought together with a purchase, and only for a purchase", () => {
    const coBought = new Map([["tent", hood("tent", 2, { pegs: 2 })]]);
    const viewed = recentSources(withHistory([{ itemId: "tent", type: "view" }]));
    const bought = recentSources(withHistory([{ itemId: "tent", type: "purchase" }]));
    expect(relatedToRecent(viewed, new Map(), coBought).size).toBe(0);
    expect(relatedToRecent(bought, new Map(), coBought).get("pegs")).toEqual({
      weight: 1,
      reason: { type: "bought_together", itemId: "tent" },
    });
  });
});
