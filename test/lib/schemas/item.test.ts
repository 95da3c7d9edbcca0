import { describe, expect, it } from "vitest";
import { putItemsRequestSchema } from "../../../lib/schemas/item.js";

describe("an item's date of arrival", () => {
  it("is optional, and normalised to UTC when given", () => {
    const parsed = putItemsRequestSchema.parse({
      items: [{ itemId: "a" }, { itemId: "b", createdAt: "2026-01-01T01:00:00+01:00" }],
    });
    expect(parsed.items[0]?.createdAt).toBeUndefined();
    expect(parsed.items[1]?.createdAt).toBe("2026-01-01T00:00:00.000Z");
  });

  it("is refused in the future, naming the field: it would hold a place among the new arrivals", () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const result = putItemsRequestSchema.safeParse({ items: [{ itemId: "a", createdAt: future }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["items", 0, "createdAt"]);
    expect(result.error?.issues[0]?.message).toBe("must not be in the future");
  });
});
