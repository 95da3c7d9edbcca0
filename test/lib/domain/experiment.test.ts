import { describe, expect, it } from "vitest";
import {
  assignVariant,
  compareProportions,
  normalCdf,
  parseTag,
  taggedRecommendationId,
} from "../../../lib/domain/experiment.js";

describe("assigning variants", () => {
  it("gives a customer the same variant every time, and splits customers in proportion to the weights", () => {
    expect(assignVariant("exp-1", "alice", [1, 1])).toBe(assignVariant("exp-1", "alice", [1, 1]));
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const v = assignVariant("exp-1", `customer-${i}`, [2, 1, 1]);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect((counts[0] ?? 0) / 30_000).toBeCloseTo(0.5, 1);
    expect((counts[1] ?? 0) / 30_000).toBeCloseTo(0.25, 1);
    expect((counts[2] ?? 0) / 30_000).toBeCloseTo(0.25, 1);
  });

  it("assigns independently in different experiments", () => {
    let same = 0;
    for (let i = 0; i < 10_000; i++) {
      if (assignVariant("a", `c${i}`, [1, 1]) === assignVariant("b", `c${i}`, [1, 1])) same++;
    }
    expect(same / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe("tagged recommendation ids", () => {
  it("carry the experiment and variant, and anything else is not a tag", () => {
    const id = taggedRecommendationId("7d4e…", { experimentId: "blend-2", variant: "treatment" });
    expect(parseTag(id)).toEqual({ experimentId: "blend-2", variant: "treatment" });
    expect(parseTag("0b6f3a52-4d0c-4f7e-9a43-2d1a6b7c8e9f")).toBeUndefined();
    expect(parseTag("x~exp~a~b")).toBeUndefined();
    expect(parseTag("x~exp~va riant")).toBeUndefined();
  });
});

describe("comparing click-through with the control", () => {
  it("computes the normal CDF accurately", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });

  it("matches a worked two-proportion z-test", () => {
    // 120/1000 vs 100/1000: pooled p = 0.11, se = 0.013993, z = 1.4293, two-sided p = 0.1529.
    const { lift, ci95, pValue } = compareProportions(120, 1000, 100, 1000);
    expect(lift).toBeCloseTo(0.2, 10);
    expect(pValue).toBeCloseTo(0.1529, 3);
    // log(1.2) ± 1.96·sqrt(0.88/120 + 0.9/100) = 0.18232 ± 0.25054 → [-0.0659, 0.5416]
    expect(ci95?.[0]).toBeCloseTo(-0.066, 3);
    expect(ci95?.[1]).toBeCloseTo(0.5416, 3);
  });

  it("says nothing where the data cannot: no impressions, or no clicks for an interval", () => {
    expect(compareProportions(0, 0, 5, 100)).toEqual({ lift: null, ci95: null, pValue: null });
    expect(compareProportions(0, 100, 5, 100).ci95).toBeNull();
  });
});
