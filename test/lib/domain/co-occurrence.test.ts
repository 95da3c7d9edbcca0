import { describe, expect, it } from "vitest";
import {
  ALSO_VIEWED,
  BOUGHT_TOGETHER,
  CO_OCCURRENCE_LIMITS,
  CoOccurrenceTally,
  cosineSimilarity,
  mergeNeighbourhood,
  partnersOf,
  tallyCustomer,
} from "../../../lib/domain/co-occurrence.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import type { HistoryEntry } from "../../../lib/domain/profile-state.js";

const MIN = 60_000;
const T = Date.parse("2026-11-20T12:00:00Z");
const h = (itemId: string, minutesAgo: number, type: HistoryEntry["type"] = "view"): HistoryEntry => ({
  itemId,
  type,
  at: T - minutesAgo * MIN,
});
const at = (m: number) => new Date(T + m * MIN).toISOString();
const asObject = (tally: CoOccurrenceTally) =>
  Object.fromEntries([...tally.pairs].map(([k, v]) => [k, Object.fromEntries(v)]));

describe("partners", () => {
  it("are the distinct other items within the relation's window before the event", () => {
    const earlier = [h("b", 1), h("a", 2), h("b", 3), h("c", 29), h("old", 31)];
    expect(partnersOf(earlier, "a", T, ALSO_VIEWED)).toEqual(["b", "c"]);
    expect(partnersOf(earlier, "a", T, BOUGHT_TOGETHER)).toEqual(["b", "c", "old"]);
  });

  it("are capped at the most recent ones", () => {
    const earlier = Array.from({ length: 50 }, (_, i) => h(`i${i}`, i * 0.1));
    expect(partnersOf(earlier, "z", T, ALSO_VIEWED)).toHaveLength(CO_OCCURRENCE_LIMITS.maxPartners);
  });
});

const inCatalog = () => true;

describe("tallying a customer's new events", () => {
  it("pairs each look with what the customer looked at before it, both ways, ignoring dismissals", () => {
    const tally = new CoOccurrenceTally(ALSO_VIEWED);
    const before = { ...emptyProfile("c"), recentItems: [h("x", 3, "dismiss"), h("a", 5)] };
    tallyCustomer(
      tally,
      before,
      [
        { itemId: "b", type: "view", timestamp: at(0) },
        { itemId: "c", type: "add_to_cart", timestamp: at(1) },
        { itemId: "d", type: "dismiss", timestamp: at(2) },
      ],
      inCatalog,
    );
    expect(Object.fromEntries(tally.occurrences)).toEqual({ b: 1, c: 1 });
    expect(asObject(tally)).toEqual({ a: { b: 1, c: 1 }, b: { a: 1, c: 1 }, c: { a: 1, b: 1 } });
  });

  it("pairs a purchase with the customer's purchases of the day before it, however much they browsed since", () => {
    const tally = new CoOccurrenceTally(BOUGHT_TOGETHER);
    const before = {
      ...emptyProfile("c"),
      recentItems: Array.from({ length: 50 }, (_, i) => h(`browsed-${i}`, i)),
      purchases: [
        { itemId: "tent", at: T - 20 * 60 * MIN },
        { itemId: "old-boots", at: T - 30 * 60 * MIN },
      ],
    };
    tallyCustomer(
      tally,
      before,
      [
        { itemId: "stove", type: "purchase", timestamp: at(0) },
        { itemId: "mat", type: "view", timestamp: at(1) },
      ],
      inCatalog,
    );
    expect(asObject(tally)).toEqual({ stove: { tent: 1 }, tent: { stove: 1 } });
  });
});

describe("neighbour lists", () => {
  it("add increments and keep only the strongest", () => {
    const many = new Map(Array.from({ length: 150 }, (_, i) => [`n${i}`, i + 1] as const));
    const merged = mergeNeighbourhood({ itemId: "a", occurrences: 3, neighbours: { n149: 5 } }, 2, many);
    expect(merged.occurrences).toBe(5);
    expect(Object.keys(merged.neighbours)).toHaveLength(CO_OCCURRENCE_LIMITS.maxNeighbours);
    expect(merged.neighbours.n149).toBe(155);
    expect(merged.neighbours.n0).toBeUndefined();
  });

  it("score so that a globally popular item does not beat a specific companion", () => {
    expect(cosineSimilarity(20, 100, 40)).toBeGreaterThan(cosineSimilarity(30, 100, 10_000));
    expect(cosineSimilarity(0, 1, 1)).toBe(0);
  });
});

describe("ids a caller makes up", () => {
  it("count in no item's neighbours, as events or as earlier partners", () => {
    const tally = new CoOccurrenceTally(ALSO_VIEWED);
    const before = {
      ...emptyProfile("c"),
      recentItems: [{ ...h("made-up-1", 5), uncatalogued: true as const }, h("real-a", 4)],
    };
    tallyCustomer(
      tally,
      before,
      [
        { itemId: "real-b", type: "view", timestamp: at(0) },
        { itemId: "made-up-2", type: "view", timestamp: at(1) },
      ],
      (itemId) => itemId.startsWith("real-"),
    );
    expect(Object.fromEntries(tally.occurrences)).toEqual({ "real-b": 1 });
    expect(asObject(tally)).toEqual({ "real-a": { "real-b": 1 }, "real-b": { "real-a": 1 } });
  });
});
