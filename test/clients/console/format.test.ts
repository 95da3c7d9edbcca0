import { describe, expect, it } from "vitest";
import {
  distanceText,
  featureText,
  intervalText,
  liftText,
  parseCandidates,
  percentText,
  pValueText,
  reasonText,
  scoreText,
} from "../../../clients/console/src/format.js";
import { matchText, ruleEffect, validityText } from "../../../clients/console/src/rule-text.js";
import { REASON_TYPES } from "./reason-types.js";

const titles: Record<string, string> = { "tent-1": "Ultralight 2P Tent" };
const titleOf = (id: string) => titles[id];

describe("reasons in plain words", () => {
  it("names the item a reason points at by its title when known, else by its id", () => {
    expect(reasonText({ type: "also_viewed", itemId: "tent-1" }, titleOf)).toBe(
      "Shoppers who viewed “Ultralight 2P Tent” also viewed this",
    );
    expect(reasonText({ type: "bought_together", itemId: "mug-9" }, titleOf)).toBe(
      "Often bought together with mug-9",
    );
  });

  it("says what an interest is about", () => {
    expect(reasonText({ type: "affinity", feature: "category:shoes/running" })).toBe(
      "Matches an interest in shoes › running",
    );
    expect(featureText("brand:stride")).toBe("brand stride");
    expect(featureText("tag:waterproof")).toBe("“waterproof” items");
    expect(featureText("price:100-250")).toBe("prices 100–250");
    expect(featureText("price:1000+")).toBe("prices from 1000");
    expect(featureText("colour:red")).toBe("colour red");
    expect(featureText("plain")).toBe("plain");
  });

  it("has words for every reason the API can send, and for rules' reasons, never the raw type", () => {
    for (const type of [...REASON_TYPES, "promoted", "pinned", "boosted"]) {
      const text = reasonText({ type, itemId: "x", feature: "category:a", ruleId: "r1", position: 0 });
      expect(text).not.toContain("_");
      expect(text).toMatch(/^[A-Z]/);
    }
    expect(reasonText({ type: "caller_order", position: 2 })).toContain("position 3");
    expect(reasonText({ type: "pinned", ruleId: "summer" })).toBe("Pinned to its place by rule summer");
  });

  it("shows a reason it does not know as words rather than nothing", () => {
    expect(reasonText({ type: "seasonal_pick" })).toBe("Seasonal pick");
  });
});

describe("numbers", () => {
  it("formats scores, shares, lifts, intervals, p-values and distances", () => {
    expect(scoreText(0.823456)).toBe("0.823");
    expect(scoreText(Number.NaN)).toBe("–");
    expect(percentText(0.1234)).toBe("12.3 %");
    expect(percentText(null)).toBe("–");
    expect(liftText(0.125)).toBe("+12.5 %");
    expect(liftText(-0.03)).toBe("−3.0 %");
    expect(liftText(0)).toBe("0.0 %");
    expect(liftText(null)).toBe("–");
    expect(intervalText([-0.041, 0.203])).toBe("[−4.1 %, +20.3 %]");
    expect(intervalText(null)).toBe("–");
    expect(pValueText(0.0004)).toBe("< 0.001");
    expect(pValueText(0.04567)).toBe("0.046");
    expect(pValueText(null)).toBe("–");
    expect(distanceText(850.4)).toBe("850 m");
    expect(distanceText(2430)).toBe("2.4 km");
    expect(distanceText(null)).toBe("distance unknown");
  });
});

describe("pasted rank candidates", () => {
  it("reads ids one per line (an id may hold a comma), and JSON arrays of ids or objects", () => {
    expect(parseCandidates(" tent-1\n\nshell-1, mug-1 \nsku,1")).toEqual([
      { itemId: "tent-1" },
      { itemId: "shell-1, mug-1" },
      { itemId: "sku,1" },
    ]);
    expect(parseCandidates('["a", {"itemId": "b", "categories": ["x/y"]}]')).toEqual([
      { itemId: "a" },
      { itemId: "b", categories: ["x/y"] },
    ]);
    expect(parseCandidates("   ")).toEqual([]);
    expect(() => parseCandidates('[{"id": 1}]')).toThrow("entry 0 has no itemId");
  });
});

describe("business rules in plain words", () => {
  const rule = { ruleId: "r", placement: "*", status: "active" };
  it("says which items a rule is about: fields joined, values ORed", () => {
    expect(
      matchText({
        categories: ["camping/tents"],
        brands: ["Alpina", "MSR"],
        tags: ["sale"],
        price: { min: 10, max: 50 },
      }),
    ).toBe("in camping › tents, by Alpina or MSR, tagged sale, priced 10–50");
    expect(matchText({ itemIds: ["a", "b"], price: { max: 20 } })).toBe("item a or b, priced at most 20");
  });

  it("says what each action does", () => {
    const when = { brands: ["MSR"] };
    expect(ruleEffect({ ...rule, action: "filter", mode: "include", when })).toBe("Only items by MSR");
    expect(ruleEffect({ ...rule, action: "filter", mode: "exclude", when })).toBe("Never items by MSR");
    expect(ruleEffect({ ...rule, action: "boost", factor: 2, when })).toBe("Scores ×2 for items by MSR");
    expect(ruleEffect({ ...rule, action: "promote", share: 0.25, when })).toBe(
      "Up to 25% of each page for the best items by MSR",
    );
    expect(ruleEffect({ ...rule, action: "pin", itemId: "lamp-1", position: 3 })).toBe(
      "lamp-1 at position 3",
    );
  });

  it("says when a rule applies and whether it does now", () => {
    expect(validityText({ ...rule, action: "boost" })).toBe("always (in force now)");
    expect(
      validityText({ ...rule, action: "boost", validFrom: "2030-06-01T00:00:00.000Z", status: "scheduled" }),
    ).toBe("from 2030-06-01 00:00 UTC (not yet in force)");
    expect(
      validityText({
        ...rule,
        action: "boost",
        validFrom: "2020-01-01T00:00:00.000Z",
        validUntil: "2020-02-01T12:30:00.000Z",
        status: "expired",
      }),
    ).toBe("2020-01-01 00:00 until 2020-02-01 12:30 UTC (expired)");
  });
});
