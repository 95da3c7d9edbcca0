import { describe, expect, it } from "vitest";
import { itemFeatures, priceBand } from "../../../lib/domain/item-features.js";

describe("item features", () => {
  it("names every level of each category path, the brand, tags and price band", () => {
    expect(
      itemFeatures({ categories: ["Shoes/Running"], brand: "Stride", tags: ["Road"], price: 129 }),
    ).toEqual(["brand:stride", "category:shoes", "category:shoes/running", "price:100-250", "tag:road"]);
  });

  it("puts prices into coarse bands", () => {
    expect([0, 9.99, 10, 99, 100, 999, 1000, 25_000].map(priceBand)).toEqual([
      "0-10",
      "0-10",
      "10-25",
      "50-100",
      "100-250",
      "500-1000",
      "1000+",
      "1000+",
    ]);
  });

  it("gives an item with no attributes no features", () => {
    expect(itemFeatures({})).toEqual([]);
  });
});
