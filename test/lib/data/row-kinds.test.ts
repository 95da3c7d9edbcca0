import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  catalogItemRow,
  EXPERIMENT_FACT_PREFIX,
  experimentFactRow,
  experimentRow,
  LISTED_ROWS,
  listingKey,
  listingKeyOf,
  NEIGHBOUR_ROWS,
  newArrivalsRow,
  offerCellRow,
  offerRow,
  placementExperimentRow,
  placementRulesRow,
  profileRow,
  projectionHeadRow,
  projectionShardRow,
  quarantineRow,
  ROW_KINDS,
  type RowKind,
  ruleRow,
  seenEventRow,
  type TableKey,
  trendRow,
} from "../../../lib/data/rows/index.js";
import { TABLE_DEFINITION } from "../../../lib/data/table-definition.js";
import { emptyAppliedLog } from "../../../lib/domain/applied-log.js";
import { dict } from "../../../lib/domain/dict.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import { type Experiment, PLACEMENTS } from "../../../lib/schemas/experiment.js";
import type { Item } from "../../../lib/schemas/item.js";
import type { Offer } from "../../../lib/schemas/offer.js";
import { RULE_PLACEMENTS, type Rule } from "../../../lib/schemas/rule.js";
import { completeStrategy } from "../../../lib/schemas/strategy.js";

/**
 * Ids as callers may send them and more: any Unicode, `#` (the keys' separator), empty, and strings that
 * spell another kind's sort key or prefix.
 */
const id = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom("#", "a", "é", "😀", "\u0000", " ") }),
  fc.constantFrom(
    "",
    "#",
    "##",
    "a#b",
    "PROFILE",
    "ITEM",
    "SEEN#x",
    "COVIEW",
    "RULES",
    "CATALOG",
    "EXPFACT#",
  ),
);
const shard = (count: number) => fc.nat(count - 1);

/** Keys of each kind, by the kind's name; every kind in ROW_KINDS has one. */
const KEYS: Record<string, fc.Arbitrary<TableKey>> = {
  [profileRow.name]: id.map(profileRow.key),
  [seenEventRow.name]: fc.tuple(id, id).map(([c, f]) => seenEventRow.key(c, f)),
  [catalogItemRow.name]: id.map(catalogItemRow.key),
  [newArrivalsRow.name]: fc.constant(newArrivalsRow.key()),
  [projectionShardRow.name]: shard(256).map(projectionShardRow.key),
  [projectionHeadRow.name]: fc.constant(projectionHeadRow.key()),
  [NEIGHBOUR_ROWS.also_viewed.name]: id.map(NEIGHBOUR_ROWS.also_viewed.key),
  [NEIGHBOUR_ROWS.bought_together.name]: id.map(NEIGHBOUR_ROWS.bought_together.key),
  [trendRow.name]: id.map(trendRow.key),
  [experimentRow.name]: id.map(experimentRow.key),
  [placementExperimentRow.name]: fc.constantFrom(...PLACEMENTS).map(placementExperimentRow.key),
  [ruleRow.name]: id.map(ruleRow.key),
  [placementRulesRow.name]: fc.constantFrom(...RULE_PLACEMENTS).map(placementRulesRow.key),
  [experimentFactRow.name]: fc
    .record({ experimentId: id, variant: id, kind: id, shard: shard(16), recommendationId: id })
    .map(experimentFactRow.key),
  [offerRow.name]: id.map(offerRow.key),
  [offerCellRow.name]: fc.tuple(id, shard(8)).map(([cell, s]) => offerCellRow.key(cell, s)),
  [quarantineRow.name]: fc
    .tuple(id, fc.bigInt({ min: 0n, max: 2n ** 128n }))
    .map(([s, sequence]) => quarantineRow.key(s, String(sequence))),
};

const keysOf = (kind: RowKind): fc.Arbitrary<TableKey> => {
  const keys = KEYS[kind.name];
  if (!keys) throw new Error(`no sample keys for ${kind.name}`);
  return keys;
};

describe("row kinds", () => {
  it("are named apart, and each has sample keys here", () => {
    const names = ROW_KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(Object.keys(KEYS).sort());
  });

  for (const kind of ROW_KINDS) {
    it(`${kind.name}: recognises its own keys and no other kind does`, () => {
      fc.assert(
        fc.property(keysOf(kind), (key) => {
          expect(Object.keys(key).sort()).toEqual(
            [TABLE_DEFINITION.partitionKey.name, TABLE_DEFINITION.sortKey.name].sort(),
          );
          expect(ROW_KINDS.filter((k) => k.recognises(key)).map((k) => k.name)).toEqual([kind.name]);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("recognise nothing without a string key", () => {
    for (const key of [{}, { pk: "CUSTOMER#c" }, { pk: 1, sk: "PROFILE" }, { pk: "CATALOG", sk: null }])
      expect(ROW_KINDS.filter((k) => k.recognises(key))).toEqual([]);
  });

  it("experiment facts are the only rows under the prefix list functions may write (an IAM condition)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROW_KINDS), (kind) =>
        fc.assert(
          fc.property(keysOf(kind), (key) => {
            expect(key.pk.startsWith(EXPERIMENT_FACT_PREFIX)).toBe(kind === experimentFactRow);
          }),
          { numRuns: 20 },
        ),
      ),
      { numRuns: ROW_KINDS.length * 2 },
    );
  });
});

describe("listed rows", () => {
  it("carry the listing key listingKeyOf finds for them; no other row has one", () => {
    fc.assert(
      fc.property(id, (rowId) => {
        for (const kind of LISTED_ROWS) {
          const key = kind.key(rowId);
          expect(kind.idOf(key)).toBe(rowId);
          expect(listingKeyOf(key)).toEqual(listingKey(kind.listedAs, rowId));
        }
        for (const kind of ROW_KINDS.filter((k) => !(LISTED_ROWS as readonly RowKind[]).includes(k)))
          fc.assert(
            fc.property(keysOf(kind), (key) => listingKeyOf(key) === undefined),
            { numRuns: 5 },
          );
      }),
      { numRuns: 50 },
    );
  });
});

describe("rows read back what was written", () => {
  const strategy = completeStrategy(undefined);

  it("profile", () => {
    const profile = {
      state: emptyProfile("c#1 é"),
      log: emptyAppliedLog(),
      version: 3,
      updatedAt: 7,
    };
    expect(profileRow.fromItem(profileRow.toItem(profile))).toEqual(profile);
  });

  it("seen event", () => {
    fc.assert(
      fc.property(id, id, fc.nat(), (customerId, fingerprint, expiresAt) => {
        const item = seenEventRow.toItem(customerId, fingerprint, expiresAt);
        expect(seenEventRow.fromItem(item)).toEqual({ customerId, fingerprint, expiresAt });
      }),
    );
  });

  it("catalog item", () => {
    const item: Item = {
      itemId: "i#1",
      categories: ["home/lamps"],
      available: true,
      title: "Lamp",
      price: 12,
    };
    const stored = catalogItemRow.toItem(item);
    expect(stored).toMatchObject(listingKey("items", "i#1"));
    expect(catalogItemRow.fromItem(stored)).toEqual(item);
  });

  it("new arrivals", () => {
    const row = { items: [["a#1", 5] as [string, number], ["é", 4] as [string, number]] };
    expect(newArrivalsRow.fromItem(newArrivalsRow.toItem(row, 2))).toEqual({ row, version: 2 });
  });

  it("projection shard", () => {
    const entry = { itemId: "i#1", categories: ["home"], available: true, tags: ["new"] };
    const row = { shard: 3, entries: new Map([[entry.itemId, entry]]) };
    expect(projectionShardRow.fromItem(projectionShardRow.toItem(row, 5))).toEqual({ row, version: 5 });
  });

  it("projection head", () => {
    const item = { ...projectionHeadRow.key(), [projectionHeadRow.shardAttribute(2)]: 9 };
    expect(projectionHeadRow.versionsFromItem(item, 256)).toEqual(new Map([[2, 9]]));
    expect(projectionHeadRow.versionsFromItem(undefined, 256)).toEqual(new Map());
  });

  it("neighbours of each relation", () => {
    const hood = {
      itemId: "i#1",
      occurrences: 4,
      neighbours: dict([["__proto__", 3] as [string, number], ["b", 1] as [string, number]]),
    };
    for (const kind of Object.values(NEIGHBOUR_ROWS)) {
      const stored = kind.toItem(hood, 6);
      expect(kind.fromItem(stored)).toEqual({ hood, version: 6 });
      expect(kind.strongestFromItem(stored, 1)).toEqual({ ...hood, neighbours: dict([["__proto__", 3]]) });
    }
  });

  it("trend", () => {
    const row = {
      scope: "DE#home",
      epoch: 1,
      latest: 2,
      items: dict([["i#1", [2 ** 60, 3] as [number, number]]]),
      halfLives: [10, 20] as [number, number],
    };
    expect(trendRow.fromItem(trendRow.toItem(row, 8))).toEqual({ row, version: 8 });
  });

  it("experiment definition and placement experiment", () => {
    const variants = [{ name: "a", weight: 1, strategy }];
    const experiment = {
      experimentId: "e#1",
      placement: "rank",
      status: "running",
      variants,
      updatedAt: "2026-01-01T00:00:00.000Z",
    } as unknown as Experiment;
    expect(experimentRow.fromItem(experimentRow.toItem(experiment))).toEqual(experiment);
    const running = { experimentId: "e#1", variants };
    expect(placementExperimentRow.fromItem(placementExperimentRow.toItem("rank", running))).toEqual(running);
  });

  it("rule and placement rules", () => {
    const rule = { ruleId: "r#1", placement: "rank", action: "filter", updatedAt: "t" } as unknown as Rule;
    const stored = ruleRow.toItem(rule, "w1");
    expect(stored[ruleRow.writeIdAttribute]).toBe("w1");
    expect(ruleRow.fromItem(stored)).toEqual(rule);
    const rulesJson = placementRulesRow.rulesJson([rule]);
    expect(placementRulesRow.fromItem(placementRulesRow.toItem("rank", rulesJson, 4))).toEqual({
      rules: [rule],
      version: 4,
    });
  });

  it("experiment fact", () => {
    fc.assert(
      fc.property(
        fc.record({ experimentId: id, variant: id, kind: id, shard: shard(16), recommendationId: id }),
        (fact) => {
          const stored = experimentFactRow.toItem(fact, 11);
          expect(experimentFactRow.recommendationIdOf(stored)).toBe(fact.recommendationId);
          expect(stored.pk).toBe(experimentFactRow.partition(fact));
          expect(stored.expiresAt).toBe(11);
        },
      ),
    );
  });

  it("offer and offer cell", () => {
    const offer = {
      offerId: "o#1",
      title: "Ten off",
      location: { lat: 1, lon: 2 },
      radiusM: 100,
      validFrom: "2026-01-01T00:00:00.000Z",
      validUntil: "2026-02-01T00:00:00.000Z",
      audience: "all",
      priority: 0,
    } satisfies Offer;
    const stored = { ...offer, cells: ["u4pr"] };
    expect(offerRow.fromItem(offerRow.toItem(stored))).toEqual(stored);
    const cell = { id: offerCellRow.rowId("u4pr", 3), offers: dict([[offer.offerId, offer]]) };
    const item = offerCellRow.toItem(cell, 2);
    expect(item).toMatchObject(offerCellRow.key("u4pr", 3));
    expect(offerCellRow.fromItem(item)).toEqual({ row: cell, version: 2 });
  });

  it("quarantine", () => {
    const record = { shardId: "shard-1", sequenceNumber: "42", reason: "bad", quarantinedAt: 5000 };
    const stored = quarantineRow.toItem(record, 99);
    expect(stored).toEqual({ ...quarantineRow.key("shard-1", "42"), ...record, expiresAt: 99 });
    expect(stored.sk).toBe("42".padStart(64, "0"));
  });
});
