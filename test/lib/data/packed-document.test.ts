import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packDocument, unpackDocument } from "../../../lib/data/rows/packed-document.js";
import { parseJsonDocument } from "../../../lib/domain/dict.js";

// What JSON can hold, with keys that are data: any string, `__proto__` and `constructor` among them.
const key = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("__proto__", "constructor", "\u0001x", ""),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.string({ unit: "binary" }),
    fc.constantFrom("\uDC00", `${"y".repeat(60)}\uD800`),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("tree"), { maxLength: 5 }),
    fc.dictionary(key, tie("tree"), { maxKeys: 5 }),
  ),
}));

/** Every record in `value` has no prototype (a stored key never reaches an inherited member). */
const prototypeless = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.every(prototypeless)
    : value === null || typeof value !== "object"
      ? true
      : Object.getPrototypeOf(value) === null && Object.values(value).every(prototypeless);

/** A stored document is a record (a profile) or an array (a trend row's counters). */
const document = fc.oneof(fc.array(tree, { maxLength: 5 }), fc.dictionary(key, tree, { maxKeys: 5 }));

describe("stored documents (profiles, trend rows)", () => {
  it.each(["json", "deflate", "msgpack"] as const)(
    "%s: read back exactly what JSON would have kept, any key included, numbers to the last bit",
    (format) => {
      fc.assert(
        fc.property(document, (value) => {
          const read = unpackDocument(packDocument(value, format));
          // JSON text of a double is exact (shortest round trip), so equal text is equal bits; keys in order.
          expect(JSON.stringify(read)).toBe(JSON.stringify(parseJsonDocument(JSON.stringify(value))));
          expect(prototypeless(read)).toBe(true);
        }),
      );
    },
  );

  it("keep an id named __proto__ as data, in a record without a prototype", () => {
    const doc = JSON.parse('{"weights":{"__proto__":2.5,"sku-1":1}}') as unknown;
    const read = unpackDocument(packDocument(doc, "msgpack")) as { weights: Record<string, number> };
    expect(Object.getPrototypeOf(read.weights)).toBeNull();
    expect(Object.entries(read.weights)).toEqual([
      ["__proto__", 2.5],
      ["sku-1", 1],
    ]);
  });

  it("leave out fields that are undefined, as JSON does", () => {
    expect(unpackDocument(packDocument({ a: 1, b: undefined }, "msgpack"))).toStrictEqual(
      parseJsonDocument('{"a":1}'),
    );
  });

  it("still read documents stored as UTF-8 JSON before", () => {
    const stored = Buffer.from(JSON.stringify({ format: 2, weights: { é: 1.5 } }), "utf8");
    expect(unpackDocument(stored)).toStrictEqual(parseJsonDocument('{"format":2,"weights":{"é":1.5}}'));
    expect(unpackDocument(Buffer.from("[1,2]", "utf8"))).toEqual([1, 2]);
  });

  it("refuse corrupt or truncated compressed documents rather than read something else", () => {
    const packed = packDocument({ weights: { "sku-1": 1.5 } }, "deflate");
    expect(() => unpackDocument(packed.subarray(0, packed.byteLength - 3))).toThrow();
    const flipped = Uint8Array.from(packed);
    flipped[5] = (flipped[5] ?? 0) ^ 0xff;
    expect(() => unpackDocument(flipped)).toThrow();
  });

  it("take about a third of JSON's bytes compressed, for a profile-like document of ids and weights", () => {
    const doc = {
      affinity: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`category:shoes-${i}`, 0.731 * i])),
      recentItems: Array.from({ length: 50 }, (_, i) => ({
        itemId: `sku-${1000 + i}`,
        type: "view",
        at: 1e12 + i,
      })),
    };
    expect(packDocument(doc, "deflate").byteLength).toBeLessThan(
      Buffer.byteLength(JSON.stringify(doc)) * 0.4,
    );
  });

  it("take fewer bytes in MessagePack than in JSON for forward-decayed counters", () => {
    const counters = Array.from({ length: 100 }, (_, i) => [
      `sku-${i}`,
      1234.5678901234 * i,
      2 ** 40 / (i + 3),
    ]);
    expect(packDocument(counters, "msgpack").byteLength).toBeLessThan(
      Buffer.byteLength(JSON.stringify(counters)) * 0.7,
    );
  });
});
