import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInput } from "../../../lib/errors.js";
import { parseOrThrow } from "../../../lib/schemas/issues.js";
import { parseRankRequest } from "../../../lib/schemas/rank-request.js";
import { rankRequestSchema } from "../../../lib/schemas/recommendation.js";

/** What the schema makes of `body`: its value, or the InvalidInput it throws. */
const viaSchema = (body: unknown) => {
  try {
    return { value: parseOrThrow(rankRequestSchema, body) };
  } catch (error) {
    return { error };
  }
};
const viaParser = (body: unknown) => {
  try {
    return { value: parseRankRequest(body) };
  } catch (error) {
    return { error };
  }
};

/** Text near the edges of normal form: spaces at the ends, upper case, slashes, accents, dots, controls. */
const text = fc
  .array(fc.constantFrom("a", "Z", "7", " ", "/", ".", "é", "e\u0301", "\t", "\ud800", "-", "_", "~"), {
    maxLength: 8,
  })
  .map((parts) => parts.join(""));
const candidate = fc.record(
  {
    itemId: fc.oneof(text, fc.constantFrom("sku-1", "sku-2", ".", "..", "x".repeat(129)), fc.integer()),
    categories: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(["dept1/leaf2"]), fc.constant("a")),
    tags: fc.array(text, { maxLength: 3 }),
    brand: fc.oneof(text, fc.constant(null)),
    other: fc.constant(1),
  },
  { requiredKeys: [] },
);
const body = fc.record(
  {
    items: fc.array(candidate, { maxLength: 4 }),
    limit: fc.oneof(fc.integer({ min: -1, max: 120 }), fc.constant("5")),
    filter: fc.oneof(fc.constant({ brand: ["b"] }), fc.constant({ minPrice: "x" })),
    extra: fc.constant(true),
  },
  { requiredKeys: [] },
);

describe("parseRankRequest", () => {
  it("gives what the schema gives: the same value, or the same issues", () => {
    fc.assert(
      fc.property(body, (b) => {
        const schema = viaSchema(b);
        const parser = viaParser(b);
        if ("error" in schema) {
          expect(parser.error).toBeInstanceOf(InvalidInput);
          expect((parser.error as InvalidInput).issues).toEqual((schema.error as InvalidInput).issues);
        } else expect(parser.value).toEqual(schema.value);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes candidates in normal form as they are, and normalises the rest as the schema does", () => {
    const plain = { itemId: "sku-1", categories: ["shoes/running shoes"], tags: ["Red Tag"], brand: "ACME" };
    const loose = { itemId: " sku-2 ", categories: ["Shoes / Running"], tags: ["e\u0301"] };
    expect(parseRankRequest({ items: [plain] })).toEqual({ items: [plain], limit: 10 });
    expect(parseRankRequest({ items: [plain, loose], limit: 3 })).toEqual(
      rankRequestSchema.parse({ items: [plain, loose], limit: 3 }),
    );
    expect(parseRankRequest({ items: [plain, loose] }).items[1]).toEqual({
      itemId: "sku-2",
      categories: ["shoes/running"],
      tags: ["\u00e9"],
    });
  });

  it("refuses what the schema refuses: a duplicate id, an unknown field, too many candidates", () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ itemId: `sku-${i}` }));
    for (const bad of [
      { items: [{ itemId: "x" }, { itemId: "x" }] },
      { items: [{ itemId: "x", title: "t" }] },
      { items: many },
      { items: [] },
      JSON.parse('{"items":[{"itemId":"x"}],"__proto__":{}}'),
    ]) {
      expect(() => parseRankRequest(bad)).toThrow(InvalidInput);
    }
  });
});
