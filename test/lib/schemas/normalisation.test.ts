import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  categoryPathSchema,
  customerIdSchema,
  idSchema,
  labelSchema,
  webUrlSchema,
} from "../../../lib/schemas/common.js";
import { eventSchema } from "../../../lib/schemas/event.js";
import { itemSchema } from "../../../lib/schemas/item.js";
import { offerSchema } from "../../../lib/schemas/offer.js";
import { preferencesSchema } from "../../../lib/schemas/preferences.js";
import { forYouQuerySchema, rankRequestSchema } from "../../../lib/schemas/recommendation.js";
import { strategySchema } from "../../../lib/schemas/strategy.js";

/** Letters with accents that Unicode can write precomposed (é) or as a letter and combining marks (e + ◌́). */
const accented = fc.constantFrom(
  "é",
  "É",
  "ñ",
  "ö",
  "Å",
  "ç",
  "ệ",
  "ǘ",
  "ḯ",
  "한",
  "が",
  "a",
  "Z",
  "7",
  "-",
  "_",
  "#",
);
/** Text of 1–`max` such letters, in NFC, and the same text with each letter independently decomposed or not. */
const equivalent = (max: number) =>
  fc.array(fc.tuple(accented, fc.boolean()), { minLength: 1, maxLength: max }).map((letters) => ({
    nfc: letters.map(([c]) => c.normalize("NFC")).join(""),
    mixed: letters.map(([c, decompose]) => c.normalize(decompose ? "NFD" : "NFC")).join(""),
  }));
const text = (max: number) => equivalent(max).map((e) => e.nfc);
const padding = fc.constantFrom("", " ", "  ", "\t", "\n", "\u00a0", "\u3000");

const parsed = (schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false };
};

describe("identifiers, category paths, brands and tags: the same text in any Unicode form is one value", () => {
  it("parses any two canonically equivalent forms of an id, with spaces around, to the same NFC value", () => {
    fc.assert(
      fc.property(equivalent(40), padding, padding, ({ nfc, mixed }, before, after) => {
        expect(parsed(idSchema, `${before}${mixed}${after}`)).toEqual({ ok: true, value: nfc });
        expect(parsed(idSchema, nfc.normalize("NFD"))).toEqual({ ok: true, value: nfc });
      }),
    );
    expect(idSchema.parse("e\u0302\u0323")).toBe(idSchema.parse("\u1ec7"));
  });

  it("parses any canonically equivalent form of a category path, in any case, to one lower-case NFC path", () => {
    fc.assert(
      fc.property(
        fc.array(equivalent(12), { minLength: 1, maxLength: 4 }),
        padding,
        padding,
        (levels, before, after) => {
          const expected = levels.map((l) => l.nfc.toLowerCase()).join("/");
          const mixed = levels.map((l) => l.mixed).join("/");
          expect(parsed(categoryPathSchema, `${before}${mixed}${after}`)).toEqual({
            ok: true,
            value: expected,
          });
          expect(parsed(categoryPathSchema, mixed.toUpperCase())).toEqual({ ok: true, value: expected });
          expect(parsed(categoryPathSchema, levels.map((l) => ` ${l.mixed} `).join("/"))).toEqual({
            ok: true,
            value: expected,
          });
        },
      ),
    );
  });

  it("parses the issue's example: a category blocked as é matches an item in e + ◌́", () => {
    const item = itemSchema.parse({ itemId: "beans", categories: ["e\u0301picerie/cafe\u0301"] });
    const blocked = preferencesSchema.parse({
      personalization: true,
      blockedCategories: ["\u00e9picerie"],
      locationConsent: false,
    });
    expect(item.categories).toEqual(["\u00e9picerie/caf\u00e9"]);
    expect(blocked.blockedCategories).toEqual(["\u00e9picerie"]);
    expect(item.categories[0]?.startsWith(`${blocked.blockedCategories[0]}/`)).toBe(true);
  });

  it("trims each level of a category path, and refuses empty levels", () => {
    expect(categoryPathSchema.parse(" Shoes / Running ")).toBe("shoes/running");
    for (const bad of ["", " ", "shoes//running", "shoes/ /running", "/shoes", "shoes/"]) {
      expect(categoryPathSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("normalises brands and tags like ids, keeping their case for display", () => {
    fc.assert(
      fc.property(equivalent(30), padding, ({ nfc, mixed }, pad) => {
        expect(labelSchema(100).parse(`${pad}${mixed}${pad}`)).toBe(nfc);
      }),
    );
  });

  it("normalises every id and category a request can carry: events, items, offers, preferences, rank, queries", () => {
    const nfd = "Caf\u0065\u0301";
    const nfc = "Caf\u00e9";
    const event = eventSchema.parse({
      eventId: ` ${nfd} `,
      type: "impression",
      customerId: nfd,
      itemIds: [nfd],
      recommendationId: nfd,
      timestamp: "2026-11-20T12:00:00Z",
    });
    expect([event.eventId, event.customerId, event.itemIds?.[0], event.recommendationId]).toEqual([
      nfc,
      nfc,
      nfc,
      nfc,
    ]);
    expect(eventSchema.parse({ ...event, type: "view", itemId: nfd, offerId: nfd }).itemId).toBe(nfc);
    const item = itemSchema.parse({ itemId: nfd, categories: [nfd], brand: ` ${nfd}`, tags: [`${nfd} `] });
    expect(item).toMatchObject({ itemId: nfc, categories: [nfc.toLowerCase()], brand: nfc, tags: [nfc] });
    const offer = offerSchema.parse({
      offerId: nfd,
      title: "t",
      location: { lat: 0, lon: 0 },
      radiusM: 10,
      validFrom: "2026-01-01T00:00:00Z",
      validUntil: "2027-01-01T00:00:00Z",
      categories: [nfd],
    });
    expect(offer).toMatchObject({ offerId: nfc, categories: [nfc.toLowerCase()] });
    const rank = rankRequestSchema.parse({
      items: [{ itemId: nfd, categories: [nfd], tags: [nfd], brand: nfd }],
    });
    expect(rank.items[0]).toEqual({ itemId: nfc, categories: [nfc.toLowerCase()], tags: [nfc], brand: nfc });
    expect(forYouQuerySchema.parse({ customerId: nfd, category: nfd })).toMatchObject({
      customerId: nfc,
      category: nfc.toLowerCase(),
    });
  });

  it("sees two forms of one id in a rank request as the same candidate twice", () => {
    const result = rankRequestSchema.safeParse({ items: [{ itemId: "\u00e9" }, { itemId: "e\u0301" }] });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["items.1.itemId"]);
  });

  it("refuses text that is not well-formed Unicode (a lone surrogate cannot be stored or compared)", () => {
    fc.assert(
      fc.property(text(10), fc.integer({ min: 0xd800, max: 0xdfff }), (s, unit) => {
        const broken = `${s}${String.fromCharCode(unit)}`;
        expect(idSchema.safeParse(broken).success).toBe(false);
        expect(categoryPathSchema.safeParse(broken).success).toBe(false);
      }),
    );
  });
});

describe("`me`, the alias for the token's own id, is never a customer id", () => {
  it.each([
    ["customerId", { type: "view", itemId: "a", customerId: "me" }],
    ["customerId", { type: "view", itemId: "a", customerId: " me " }],
    ["previousId", { type: "identify", customerId: "alice", previousId: "me" }],
  ])("rejects an event whose %s is `me`, naming that field", (field, event) => {
    const result = eventSchema.safeParse({ eventId: "e1", timestamp: "2026-11-20T12:00:00Z", ...event });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });

  it("accepts any other id, `Me`, `meme` and `__proto__` included", () => {
    for (const id of ["Me", "ME", "meme", "me2", "__proto__", "a#b", "../x"]) {
      expect(customerIdSchema.parse(id)).toBe(id);
    }
  });
});

describe("item links are absolute http or https URLs", () => {
  it("accepts any web URL", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        expect(webUrlSchema.parse(url)).toBe(url);
      }),
    );
  });

  it("refuses any other scheme, and relative or scheme-relative links", () => {
    fc.assert(
      fc.property(
        fc.webUrl({ validSchemes: ["javascript", "data", "ftp", "file", "vbscript", "blob", "mailto"] }),
        (url) => {
          expect(webUrlSchema.safeParse(url).success).toBe(false);
        },
      ),
    );
    for (const bad of [
      "javascript:alert(1)",
      "JavaScript:alert(document.cookie)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "/images/beans.png",
      "images/beans.png",
      "//evil.example/beans.png",
      "https:evil.example",
      "http:/evil.example",
      "https://",
    ]) {
      expect(webUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("names the failing link of an item", () => {
    const result = itemSchema.safeParse({
      itemId: "a",
      url: "javascript:alert(1)",
      imageUrl: "data:image/png;base64,AA",
    });
    expect(result.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["imageUrl", "url"]);
  });
});

describe("values that could be accepted but never stored or reached", () => {
  it("refuses numbers DynamoDB or its client cannot store, naming the field", () => {
    for (const price of [Number.MAX_SAFE_INTEGER + 2, 1e16, 1e-200]) {
      const parsed = itemSchema.safeParse({ itemId: "x", categories: [], price });
      expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["price"]);
    }
    expect(itemSchema.safeParse({ itemId: "x", categories: [], price: 0 }).success).toBe(true);
    expect(itemSchema.safeParse({ itemId: "x", categories: [], price: 19.99 }).success).toBe(true);
    const strategy = strategySchema.safeParse({ diversity: 1e-300, weights: { related: 1e-131 } });
    expect(strategy.error?.issues.map((i) => i.path.join(".")).sort()).toEqual([
      "diversity",
      "weights.related",
    ]);
  });

  it("refuses the ids . and .., which no URL path can name", () => {
    for (const id of [".", "..", " .. "]) expect(idSchema.safeParse(id).success).toBe(false);
    expect(idSchema.safeParse("...").success).toBe(true);
  });
});
