import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { merchandising, rulesInForce } from "../../../lib/domain/merchandising.js";
import type { Candidate } from "../../../lib/domain/ranking.js";
import { filterTest, type Merchandisable, matcher } from "../../../lib/domain/rule-match.js";
import type { Rule } from "../../../lib/schemas/rule.js";
import { DEFAULT_STRATEGY } from "../../../lib/schemas/strategy.js";

const NOW = Date.parse("2030-06-15T12:00:00Z");
const ON = DEFAULT_STRATEGY.rules;
const base = { placement: "*" as const, updatedAt: "2030-01-01T00:00:00.000Z" };

const item = (itemId: string, extra: Partial<Merchandisable> = {}): Merchandisable => ({
  itemId,
  categories: ["camping/tents"],
  ...extra,
});
const candidate = (itemId: string, score: number, category = "camping/tents"): Candidate => ({
  itemId,
  score,
  reasons: [],
  categories: [category],
  features: [],
});
const ids = (page: readonly Candidate[]) => page.map((c) => c.itemId);

describe("matching items", () => {
  it("ANDs fields and ORs values; a category matches below it; brands and tags ignore case", () => {
    const test = matcher({ categories: ["camping"], brands: ["Hilleberg", "MSR"], price: { max: 500 } });
    expect(test(item("a", { brand: "msr", price: 400 }))).toBe(true);
    expect(test(item("b", { brand: "MSR", price: 600 }))).toBe(false);
    expect(test(item("c", { brand: "Vango", price: 100 }))).toBe(false);
    expect(test(item("d", { brand: "MSR" }))).toBe(false);
    expect(test(item("e", { brand: "MSR", price: 10, categories: ["campingstoves"] }))).toBe(false);
    expect(matcher({ tags: ["Winter"] })(item("f", { tags: ["sale", "winter"] }))).toBe(true);
    expect(matcher({ itemIds: ["__proto__"] })(item("__proto__"))).toBe(true);
  });

  it("filters a request by price, brand, tag and excluded ids; no filter passes everything", () => {
    expect(filterTest({})(item("x"))).toBe(true);
    const test = filterTest({ minPrice: 10, maxPrice: 50, brand: ["Acme"], excludeItemIds: ["b"] });
    expect(test(item("a", { brand: "acme", price: 10 }))).toBe(true);
    expect(test(item("b", { brand: "acme", price: 20 }))).toBe(false);
    expect(test(item("c", { brand: "acme" }))).toBe(false);
    expect(test(item("d", { brand: "acme", price: 51 }))).toBe(false);
  });
});

describe("rules in force", () => {
  it("only while valid, and not when the strategy switches rules or their set off", () => {
    const rules: Rule[] = [
      { ...base, ruleId: "b-now", action: "boost", factor: 2, when: { itemIds: ["x"] }, ruleSet: "summer" },
      {
        ...base,
        ruleId: "a-later",
        action: "boost",
        factor: 2,
        when: { itemIds: ["x"] },
        validFrom: "2030-07-01T00:00:00.000Z",
      },
      {
        ...base,
        ruleId: "c-over",
        action: "boost",
        factor: 2,
        when: { itemIds: ["x"] },
        validUntil: "2030-06-15T12:00:00.000Z",
      },
      { ...base, ruleId: "d-always", action: "boost", factor: 2, when: { itemIds: ["x"] } },
    ];
    expect(rulesInForce(rules, NOW, ON).map((r) => r.ruleId)).toEqual(["b-now", "d-always"]);
    expect(
      rulesInForce(rules, NOW, { enabled: true, disabledSets: ["summer"] }).map((r) => r.ruleId),
    ).toEqual(["d-always"]);
    expect(rulesInForce(rules, NOW, { enabled: false, disabledSets: [] })).toEqual([]);
  });
});

describe("applying rules to a list", () => {
  const catalog = new Map<string, Merchandisable>([
    ["tent", item("tent", { brand: "Hilleberg", price: 900 })],
    ["stove", item("stove", { categories: ["camping/stoves"], brand: "MSR", price: 120 })],
    ["mat", item("mat", { categories: ["camping/mats"], brand: "Therm", price: 60 })],
    ["lamp", item("lamp", { categories: ["camping/lights"], brand: "Petzl", price: 40 })],
  ]);
  const itemOf = (id: string) => catalog.get(id);
  const pool = [
    candidate("tent", 0.9),
    candidate("stove", 0.8),
    candidate("mat", 0.2),
    candidate("lamp", 0.1),
  ];

  it("boosts matching scores (a negative one divided) and says which rule did", () => {
    const m = merchandising(
      [{ ...base, ruleId: "msr", action: "boost", factor: 3, when: { brands: ["msr"] } }],
      {},
      NOW,
      ON,
    );
    const out = m.boost(
      [candidate("tent", 0.5), candidate("stove", 0.2), candidate("mat", -0.3, "x")],
      itemOf,
    );
    expect(out.map((c) => [c.itemId, Number(c.score.toFixed(3))])).toEqual([
      ["stove", 0.6],
      ["tent", 0.5],
      ["mat", -0.3],
    ]);
    expect(out[0]?.reasons).toEqual([{ type: "boosted", ruleId: "msr" }]);
  });

  it("puts boosted items first among equal scores", () => {
    const m = merchandising(
      [{ ...base, ruleId: "lamps", action: "boost", factor: 2, when: { itemIds: ["lamp"] } }],
      {},
      NOW,
      ON,
    );
    expect(ids(m.boost([candidate("tent", 0), candidate("lamp", 0)], itemOf))).toEqual(["lamp", "tent"]);
  });

  it("admits only what include filters match and never what exclude filters match", () => {
    const m = merchandising(
      [
        { ...base, ruleId: "camping", action: "filter", mode: "include", when: { categories: ["camping"] } },
        { ...base, ruleId: "no-msr", action: "filter", mode: "exclude", when: { brands: ["MSR"] } },
      ],
      { maxPrice: 500 },
      NOW,
      ON,
    );
    expect([...catalog.values()].filter(m.admits).map((i) => i.itemId)).toEqual(["mat", "lamp"]);
  });

  it("promotes the best matching items into the middle of the page, up to the share", () => {
    const m = merchandising(
      [{ ...base, ruleId: "cheap", action: "promote", share: 0.5, when: { price: { max: 100 } } }],
      {},
      NOW,
      ON,
    );
    const page = m.place(pool.slice(0, 2), pool, 2, itemOf);
    expect(ids(page)).toEqual(["tent", "mat"]);
    expect(page[1]?.reasons).toEqual([{ type: "promoted", ruleId: "cheap" }]);
    // Already on the page on its merits: nothing more is promoted.
    expect(ids(m.place([pool[2] as Candidate, pool[0] as Candidate], pool, 2, itemOf))).toEqual([
      "mat",
      "tent",
    ]);
  });

  it("never takes one promotion's items away for another's, whatever the rules' ids", () => {
    for (const [first, second] of [
      ["a", "b"],
      ["b", "a"],
    ]) {
      const m = merchandising(
        [
          { ...base, ruleId: `${first}-lamp`, action: "promote", share: 0.5, when: { itemIds: ["lamp"] } },
          { ...base, ruleId: `${second}-mat`, action: "promote", share: 0.5, when: { itemIds: ["mat"] } },
        ],
        {},
        NOW,
        ON,
      );
      // The lamp is on the page on its merits: it fills its promotion's share; the mat takes the tent's place.
      const placed = m.place([pool[0] as Candidate, pool[3] as Candidate], pool, 2, itemOf);
      expect(new Set(ids(placed))).toEqual(new Set(["lamp", "mat"]));
    }
  });

  it("pins an item at its position, or last on a shorter page, and drops what it pushes past the limit", () => {
    const m = merchandising(
      [{ ...base, ruleId: "lamp-first", action: "pin", itemId: "lamp", position: 1 }],
      {},
      NOW,
      ON,
    );
    const page = m.place(pool.slice(0, 3), pool, 3, itemOf);
    expect(ids(page)).toEqual(["lamp", "tent", "stove"]);
    expect(page[0]?.reasons).toEqual([{ type: "pinned", ruleId: "lamp-first" }]);
    const far = merchandising(
      [{ ...base, ruleId: "p", action: "pin", itemId: "lamp", position: 9 }],
      {},
      NOW,
      ON,
    );
    expect(ids(far.place(pool.slice(0, 2), pool, 10, itemOf))).toEqual(["tent", "stove", "lamp"]);
    // Not in the pool (not eligible, or filtered out): no pin.
    expect(ids(m.place(pool.slice(0, 2), pool.slice(0, 3), 3, itemOf))).toEqual(["tent", "stove"]);
  });

  it("gives a contested position to the rule with the smaller id; the other pin does nothing", () => {
    const m = merchandising(
      [
        { ...base, ruleId: "b", action: "pin", itemId: "lamp", position: 1 },
        { ...base, ruleId: "a", action: "pin", itemId: "mat", position: 1 },
      ],
      {},
      NOW,
      ON,
    );
    expect(ids(m.place(pool.slice(0, 3), pool, 3, itemOf))).toEqual(["mat", "tent", "stove"]);
  });
});

const POOL = 30;
const poolArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: POOL, maxLength: POOL })
  .map((scores) => scores.map((s, i) => candidate(`i${i}`, s / 1_000_000, `c${i % 5}`)));
const itemAt = (id: string): Merchandisable => {
  const n = Number(id.slice(1));
  return { itemId: id, categories: [`c${n % 5}`], brand: n % 2 === 0 ? "even" : "odd", price: n };
};

describe("ordering rules, for any page", () => {
  it("puts every pinned item at its position whenever it is eligible", () => {
    fc.assert(
      fc.property(
        poolArb,
        fc.integer({ min: 1, max: 20 }),
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: POOL - 1 }), fc.integer({ min: 1, max: 20 })), {
          maxLength: 5,
          selector: ([, position]) => position,
        }),
        (pool, limit, pinned) => {
          const unique = pinned.filter(([n], i) => pinned.findIndex(([m]) => m === n) === i);
          const rules: Rule[] = unique.map(([n, position]) => ({
            ...base,
            ruleId: `pin-${n}`,
            action: "pin",
            itemId: `i${n}`,
            position,
          }));
          const m = merchandising(rules, {}, NOW, ON);
          const page = [...pool].sort((a, b) => b.score - a.score).slice(0, limit);
          const placed = m.place(page, pool, limit, itemAt);
          expect(placed.length).toBeLessThanOrEqual(limit);
          expect(new Set(ids(placed)).size).toBe(placed.length);
          for (const [n, position] of unique) {
            if (position <= limit) expect(placed[position - 1]?.itemId).toBe(`i${n}`);
            else
              expect(placed.flatMap((c) => c.reasons)).not.toContainEqual({
                type: "pinned",
                ruleId: `pin-${n}`,
              });
          }
        },
      ),
    );
  });

  it("never exceeds a promote rule's share, and promotes only what it matches", () => {
    fc.assert(
      fc.property(
        poolArb,
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.constantFrom("even", "odd")), {
          maxLength: 3,
        }),
        fc.integer({ min: 0, max: 3 }),
        (pool, limit, promotions, pins) => {
          const rules: Rule[] = [
            ...promotions.map(
              ([share, brand], i): Rule => ({
                ...base,
                ruleId: `promote-${i}`,
                action: "promote",
                share,
                when: { brands: [brand] },
              }),
            ),
            ...Array.from(
              { length: pins },
              (_, i): Rule => ({
                ...base,
                ruleId: `pin-${i}`,
                action: "pin",
                itemId: `i${i * 7}`,
                position: i + 1,
              }),
            ),
          ];
          const m = merchandising(rules, {}, NOW, ON);
          const page = [...pool].sort((a, b) => b.score - a.score).slice(0, limit);
          const placed = m.place(page, pool, limit, itemAt);
          expect(placed.length).toBeLessThanOrEqual(limit);
          promotions.forEach(([share, brand], i) => {
            const promoted = placed.filter((c) =>
              c.reasons.some((r) => r.type === "promoted" && r.ruleId === `promote-${i}`),
            );
            expect(promoted.length).toBeLessThanOrEqual(Math.floor(share * limit + 1e-9));
            for (const c of promoted) expect(itemAt(c.itemId).brand).toBe(brand);
          });
        },
      ),
    );
  });

  it("never admits an item an exclude filter matches, nor one an include filter does not", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("include", "exclude"),
            fc.constantFrom("even", "odd"),
            fc.integer({ min: 0, max: 4 }),
          ),
          {
            maxLength: 4,
          },
        ),
        (filters) => {
          const rules: Rule[] = filters.map(([mode, brand, c], i) => ({
            ...base,
            ruleId: `f-${i}`,
            action: "filter",
            mode,
            when: i % 2 === 0 ? { brands: [brand] } : { categories: [`c${c}`] },
          }));
          const m = merchandising(rules, {}, NOW, ON);
          for (let n = 0; n < POOL; n++) {
            const it = itemAt(`i${n}`);
            const expected = rules.every(
              (r) => r.action !== "filter" || matcher(r.when)(it) === (r.mode === "include"),
            );
            expect(m.admits(it)).toBe(expected);
          }
        },
      ),
    );
  });
});
