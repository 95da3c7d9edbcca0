import { describe, expect, it } from "vitest";
import { addSignalInPlace, emptyAffinity } from "../../../lib/domain/affinity.js";
import { type Candidate, diversify, personalise } from "../../../lib/domain/ranking.js";

const candidate = (itemId: string, score: number, category: string, features: string[] = []): Candidate => ({
  itemId,
  score,
  reasons: [],
  categories: [category],
  features,
});

describe("diversity", () => {
  it("keeps one leaf category from filling the page while others qualify", () => {
    const shoes = Array.from({ length: 8 }, (_, i) => candidate(`shoe-${i}`, 1 - i / 100, "shoes/running"));
    const others = [candidate("sock", 0.5, "apparel/socks"), candidate("watch", 0.4, "electronics/watches")];
    const page = diversify([...shoes, ...others], 6);
    expect(page.map((c) => c.itemId)).toEqual(["shoe-0", "shoe-1", "sock", "watch", "shoe-2", "shoe-3"]);
  });

  it("still fills the page from one category when nothing else qualifies", () => {
    const shoes = Array.from({ length: 5 }, (_, i) => candidate(`shoe-${i}`, 1 - i / 10, "shoes/running"));
    expect(diversify(shoes, 4).map((c) => c.itemId)).toEqual(["shoe-0", "shoe-1", "shoe-2", "shoe-3"]);
  });
});

describe("personalising a list", () => {
  it("lifts items matching the customer's interests and names the interest as a reason", () => {
    const affinity = emptyAffinity();
    addSignalInPlace(affinity, ["category:camping"], 8, 0, {
      halfLifeMs: 1e12,
      maxFeatures: 64,
      minMagnitude: 0.01,
    });
    const ranked = personalise(
      [
        candidate("tent", 0.5, "camping/tents", ["category:camping"]),
        candidate("tie", 0.6, "apparel/ties", ["category:apparel"]),
      ],
      affinity,
      0,
      1e12,
    );
    const tent = ranked.find((c) => c.itemId === "tent");
    expect(tent?.score).toBeGreaterThan(0.6);
    expect(tent?.reasons).toEqual([{ type: "affinity", feature: "category:camping" }]);
    expect(ranked.find((c) => c.itemId === "tie")?.score).toBe(0.6);
  });
});
