import { describe, expect, it } from "vitest";
import { addSignalInPlace } from "../../../lib/domain/affinity.js";
import { explore } from "../../../lib/domain/exploration.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import {
  blend,
  type Candidate,
  type CustomerView,
  customerView,
  diversify,
  personalise,
  rotate,
} from "../../../lib/domain/ranking.js";
import { DEFAULT_STRATEGY } from "../../../lib/schemas/strategy.js";

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

/** A customer whose interests are these weights (at time 0, no decay to speak of). */
function customer(interests: Record<string, number>, shown: CustomerView["shown"] = {}): CustomerView {
  const profile = emptyProfile("c");
  for (const [feature, weight] of Object.entries(interests)) {
    addSignalInPlace(profile.affinity, [feature], weight, 0, {
      halfLifeMs: 1e12,
      maxFeatures: 64,
      minMagnitude: 0.01,
    });
  }
  return { ...customerView(profile, 0, 1e12), shown };
}

describe("personalising a list", () => {
  it("lifts items matching the customer's interests and names the interest as a reason", () => {
    const ranked = personalise(
      [
        candidate("tent", 0.5, "camping/tents", ["category:camping"]),
        candidate("tie", 0.6, "apparel/ties", ["category:apparel"]),
      ],
      customer({ "category:camping": 8 }),
    );
    const tent = ranked.find((c) => c.itemId === "tent");
    expect(tent?.score).toBeGreaterThan(0.6);
    expect(tent?.reasons).toEqual([{ type: "affinity", feature: "category:camping" }]);
    expect(ranked.find((c) => c.itemId === "tie")?.score).toBe(0.6);
  });
});

describe("blending signals", () => {
  const weights = DEFAULT_STRATEGY.weights;
  const signals = [
    {
      itemId: "mat",
      categories: ["camping/sleeping"],
      features: ["category:camping"],
      related: { weight: 4, reason: { type: "also_viewed" as const, itemId: "tent" } },
    },
    { itemId: "stove", categories: ["camping/cooking"], features: ["category:camping"], trending: 10 },
    { itemId: "tie", categories: ["apparel/ties"], features: ["category:apparel"], trending: 5 },
  ];

  it("scores each candidate by the weighted, scaled signals it has, and gives each contributing signal as a reason", () => {
    const [mat, stove, tie] = blend(signals, customer({ "category:camping": 8 }), weights);
    expect(mat?.score).toBeCloseTo(weights.related + weights.affinity);
    expect(mat?.reasons).toEqual([
      { type: "also_viewed", itemId: "tent" },
      { type: "affinity", feature: "category:camping" },
    ]);
    expect(stove?.score).toBeCloseTo(weights.affinity + weights.trending);
    expect(stove?.reasons).toEqual([{ type: "affinity", feature: "category:camping" }, { type: "trending" }]);
    expect(tie?.score).toBeCloseTo(weights.trending / 2);
    expect(tie?.reasons).toEqual([{ type: "trending" }]);
  });

  it("ranks by popularity alone for a customer it knows nothing about", () => {
    const ranked = blend(signals.slice(1), undefined, weights);
    expect(ranked.map((c) => [c.itemId, c.score])).toEqual([
      ["stove", weights.trending],
      ["tie", weights.trending / 2],
    ]);
  });

  it("follows the strategy's weights: with trending off, interests decide", () => {
    const ranked = blend(signals.slice(1), customer({ "category:apparel": 3 }), {
      related: 0,
      affinity: 1,
      trending: 0,
    });
    expect(diversify(ranked, 2).map((c) => c.itemId)).toEqual(["tie", "stove"]);
  });

  it("lets a dismissed category pull an item below zero", () => {
    const [stove] = blend(
      signals.slice(1, 2),
      customer({ "category:camping": -6, "category:x": 1 }),
      weights,
    );
    expect(stove?.score).toBeLessThan(weights.trending);
  });
});

describe("rotation", () => {
  const rotation = DEFAULT_STRATEGY.rotation;
  const shownTimes = (count: number) => ({ tent: { count, lastAt: 0 } });

  it("leaves an item alone until it was shown the configured number of times without a reaction", () => {
    const [tent] = rotate(
      [candidate("tent", 1, "camping")],
      shownTimes(rotation.afterImpressions - 1),
      rotation,
      0,
    );
    expect(tent?.score).toBe(1);
  });

  it("moves an item down once it was shown that often, and further with every further showing", () => {
    const score = (count: number) =>
      rotate([candidate("tent", 1, "camping")], shownTimes(count), rotation, 0)[0]?.score;
    expect(score(rotation.afterImpressions)).toBe(1 - rotation.penalty);
    expect(score(rotation.afterImpressions + 1)).toBe((1 - rotation.penalty) ** 2);
  });

  it("forgets impressions older than the rotation window", () => {
    const [tent] = rotate([candidate("tent", 1, "camping")], shownTimes(10), rotation, 8 * 86_400_000);
    expect(tent?.score).toBe(1);
  });
});

describe("the exploration share", () => {
  const page = Array.from({ length: 10 }, (_, i) => candidate(`known-${i}`, 1 - i / 20, `c/${i}`));
  const cold = [candidate("new-best", 0.2, "c/new"), candidate("new-other", 0, "c/new")];

  it("gives the page's last place to the best cold item, saying so, and keeps the page best first", () => {
    const served = explore(page, cold, 10, 0.1);
    expect(served).toHaveLength(10);
    expect(served.map((c) => c.itemId).slice(-2)).toEqual(["known-8", "new-best"]);
    expect(served.at(-1)?.reasons[0]).toEqual({ type: "exploration" });
    const scores = served.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("takes at most its share of the page, rounded down", () => {
    expect(explore(page, cold, 10, 0.2).filter((c) => c.itemId.startsWith("new"))).toHaveLength(2);
    expect(explore(page.slice(0, 5), cold, 5, 0.1)).toEqual(page.slice(0, 5));
    expect(explore(page, cold, 10, 0)).toEqual(page);
  });

  it("adds nothing when a cold item already made the page on its merits", () => {
    const earned = [...page.slice(0, 9), { ...cold[0], score: 0.9 } as Candidate];
    expect(explore(earned, cold, 10, 0.1)).toEqual(earned);
  });

  it("fills a short page with cold items, pushing nothing out", () => {
    const served = explore(page.slice(0, 3), cold, 10, 0.1);
    expect(served.map((c) => c.itemId)).toEqual(["known-0", "known-1", "known-2", "new-best", "new-other"]);
  });

  it("keeps to diversity: no cold item joins a leaf category that has its share of the page", () => {
    const shoes = Array.from({ length: 4 }, (_, i) => candidate(`shoe-${i}`, 1 - i / 20, "shoes/running"));
    const others = Array.from({ length: 6 }, (_, i) => candidate(`other-${i}`, 0.5 - i / 20, `c/${i}`));
    const coldShoes = [candidate("new-shoe", 0.9, "shoes/running"), candidate("new-hat", 0.1, "hats")];
    const served = explore([...shoes, ...others], coldShoes, 10, 0.5);
    expect(served.filter((c) => c.categories[0] === "shoes/running")).toHaveLength(4);
    expect(served.map((c) => c.itemId)).toContain("new-hat");
    expect(served).toHaveLength(10);
  });
});
