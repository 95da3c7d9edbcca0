import { describe, expect, it } from "vitest";
import {
  ROTATION_LIMITS,
  recordImpressionsInPlace,
  recordReactionInPlace,
  type ShownItems,
  unansweredImpressions,
} from "../../../lib/domain/rotation.js";

const DAY = 86_400_000;

describe("tracking what a customer was shown", () => {
  it("counts each showing of an item, once per impression even if listed twice", () => {
    const shown: ShownItems = {};
    recordImpressionsInPlace(shown, ["a", "b", "a"], 0);
    recordImpressionsInPlace(shown, ["a"], 1000);
    expect(unansweredImpressions(shown, "a", 2000)).toBe(2);
    expect(unansweredImpressions(shown, "b", 2000)).toBe(1);
  });

  it("starts afresh when the customer reacts to the item", () => {
    const shown: ShownItems = {};
    recordImpressionsInPlace(shown, ["a"], 0);
    recordImpressionsInPlace(shown, ["a"], 1);
    recordReactionInPlace(shown, "a");
    expect(unansweredImpressions(shown, "a", 2)).toBe(0);
  });

  it("forgets showings older than the window", () => {
    const shown: ShownItems = {};
    recordImpressionsInPlace(shown, ["a"], 0);
    recordImpressionsInPlace(shown, ["a"], 8 * DAY); // the earlier one no longer counts
    expect(unansweredImpressions(shown, "a", 8 * DAY)).toBe(1);
    expect(unansweredImpressions(shown, "a", 16 * DAY)).toBe(0);
  });

  it("tracks a bounded number of items, forgetting the least recently shown", () => {
    const shown: ShownItems = {};
    for (let i = 0; i < ROTATION_LIMITS.maxItems + 20; i++) recordImpressionsInPlace(shown, [`item-${i}`], i);
    expect(Object.keys(shown)).toHaveLength(ROTATION_LIMITS.maxItems);
    expect(shown["item-0"]).toBeUndefined();
    expect(shown[`item-${ROTATION_LIMITS.maxItems + 19}`]).toBeDefined();
  });
});
