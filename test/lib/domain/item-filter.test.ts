import { describe, expect, it } from "vitest";
import { audienceOf } from "../../../lib/domain/eligibility.js";
import {
  addItems,
  ITEM_FILTER_LIMITS,
  itemCount,
  itemLookup,
  unionItems,
} from "../../../lib/domain/item-filter.js";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import { PROFILE_LIMITS } from "../../../lib/domain/profile-state.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { AFFINITY, FIXED_NOW } from "../../support/consumer-harness.js";

const purchase = (itemId: string, i: number): KindredEvent => ({
  eventId: `p-${i}`,
  type: "purchase",
  customerId: "collector",
  itemId,
  timestamp: new Date(FIXED_NOW - 86_400_000 + i * 1000).toISOString(),
  channel: "web",
});
const item = (i: number) => `sku-${i}-`.padEnd(128, "x");

describe("every item a customer bought stays out of their lists", () => {
  it("holds for each of 12,000 purchases, with a stated false-positive rate below 0.2%", () => {
    const bought = Array.from({ length: 12_000 }, (_, i) => item(i));
    const profile = applyEvents(
      emptyProfile("collector"),
      bought.map((id, i) => ({ event: purchase(id, i), features: undefined })),
      AFFINITY,
    );
    expect(profile.purchases).toHaveLength(PROFILE_LIMITS.purchases);
    // An item the filter already seems to hold is not added again, so the count may fall a little short.
    expect(itemCount(profile.boughtEarlier)).toBeGreaterThan(0.99 * (12_000 - PROFILE_LIMITS.purchases));
    const audience = audienceOf(profile, undefined);
    expect(bought.filter((id) => !audience.purchased?.has(id))).toEqual([]);
    // Never bought: what the filter wrongly hides is its false-positive rate.
    const strangers = Array.from({ length: 50_000 }, (_, i) => `other-${i}`);
    const hidden = strangers.filter((id) => audience.purchased?.has(id)).length;
    expect(hidden / strangers.length).toBeLessThan(2 * ITEM_FILTER_LIMITS.firstError);
    // Bounded: the whole profile, filter included, stays far below DynamoDB's 400 KB.
    expect(Buffer.byteLength(JSON.stringify(profile))).toBeLessThan(100 * 1024);
  });

  it("grows by stages and never forgets an item added earlier", () => {
    let filter = addItems(undefined, ["a"]);
    for (let i = 0; i < 2_000; i++) filter = addItems(filter, [`i${i}`]);
    const has = itemLookup(filter);
    expect(has("a")).toBe(true);
    expect(filter.stages.length).toBeGreaterThan(1);
    expect(Array.from({ length: 2_000 }, (_, i) => has(`i${i}`)).every(Boolean)).toBe(true);
  });

  it("loses nothing when merged, however many filters are united", () => {
    const own = addItems(
      undefined,
      Array.from({ length: 300 }, (_, i) => `own-${i}`),
    );
    let merged = own;
    for (let m = 0; m < 15; m++) {
      merged = unionItems(
        merged,
        addItems(
          undefined,
          Array.from({ length: 300 }, (_, i) => `anon-${m}-${i}`),
        ),
      );
    }
    const has = itemLookup(merged);
    expect(Array.from({ length: 300 }, (_, i) => has(`own-${i}`)).every(Boolean)).toBe(true);
    expect(Array.from({ length: 300 }, (_, i) => has(`anon-14-${i}`)).every(Boolean)).toBe(true);
    expect(merged.stages.length).toBeLessThanOrEqual(ITEM_FILTER_LIMITS.maxStages);
  });
});
