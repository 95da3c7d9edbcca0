import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import { ruleRow } from "../../../lib/data/rows/index.js";
import { appliedKey, DynamoRuleStore, PLACEMENT_RULE_LIMITS } from "../../../lib/data/rule-store.js";
import { Conflict } from "../../../lib/errors.js";
import type { Rule } from "../../../lib/schemas/rule.js";
import { startTestStores, type TestStores } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const NOW = Date.parse("2031-05-01T00:00:00Z");
const rule = (ruleId: string, extra: Partial<Rule> = {}): Rule =>
  ({
    ruleId,
    placement: "trending",
    action: "boost",
    factor: 2,
    when: { itemIds: ["x"] },
    updatedAt: new Date(NOW).toISOString(),
    ...extra,
  }) as Rule;

const storedFor = async (placement: "trending" | "rank" | "recommendations") => {
  const reads = new DynamoRecommendationReads(t.db, t.config.tableName);
  return (await reads.read({ rules: placement })).rules.map((r) => r.ruleId).sort();
};

describe("the rules a list reads with its first round trip", () => {
  it("holds a placement's rules and those of every placement, and follows a rule that moves", async () => {
    const store = new DynamoRuleStore(t.db, t.config.tableName);
    await store.save(rule("everywhere", { placement: "*" }), undefined, NOW);
    await store.save(rule("moving"), undefined, NOW);
    expect(await storedFor("trending")).toEqual(["everywhere", "moving"]);
    await store.save(rule("moving", { placement: "rank" }), rule("moving"), NOW);
    expect(await storedFor("trending")).toEqual(["everywhere"]);
    expect(await storedFor("rank")).toEqual(["everywhere", "moving"]);
    await store.remove("moving", NOW);
    await store.remove("everywhere", NOW);
    expect(await storedFor("rank")).toEqual([]);
    expect(await store.load("moving")).toBeUndefined();
  });

  it("drops expired rules from the row at its next change", async () => {
    const store = new DynamoRuleStore(t.db, t.config.tableName);
    await store.save(
      rule("brief", { placement: "recommendations", validUntil: "2031-05-02T00:00:00.000Z" }),
      undefined,
      NOW,
    );
    expect(await storedFor("recommendations")).toEqual(["brief"]);
    await store.save(rule("next", { placement: "recommendations" }), undefined, NOW + 2 * 86_400_000);
    expect(await storedFor("recommendations")).toEqual(["next"]);
    // The definition stays readable (its status says expired) until it is deleted.
    expect(await store.load("brief")).toMatchObject({ ruleId: "brief" });
  });

  it("refuses a rule a full placement cannot hold, and leaves the stored definition as it was", async () => {
    const store = new DynamoRuleStore(t.db, t.config.tableName);
    const many = Array.from({ length: PLACEMENT_RULE_LIMITS.rules }, (_, i) =>
      rule(`full-${String(i).padStart(3, "0")}`, { placement: "rank" }),
    );
    for (const r of many) await store.save(r, undefined, NOW);
    await expect(
      store.save(rule("one-too-many", { placement: "rank" }), undefined, NOW),
    ).rejects.toBeInstanceOf(Conflict);
    expect(await store.load("one-too-many")).toBeUndefined();
    // Moving an existing rule there is refused too, and it keeps its old definition and place.
    await store.save(rule("elsewhere"), undefined, NOW);
    await expect(
      store.save(rule("elsewhere", { placement: "rank" }), rule("elsewhere"), NOW),
    ).rejects.toBeInstanceOf(Conflict);
    expect(await store.load("elsewhere")).toMatchObject({ placement: "trending" });
    expect(await storedFor("trending")).toContain("elsewhere");
    // Replacing a rule already there is no growth.
    await store.save(rule("full-000", { placement: "rank", factor: 3 }), many[0], NOW);
    expect((await store.load("full-000")) as { factor: number }).toMatchObject({ factor: 3 });
  });

  it("never leaves a rule applied that cannot be read: racing writes of one rule, one to a full placement", async () => {
    const store = new DynamoRuleStore(t.db, t.config.tableName);
    const reads = new DynamoRecommendationReads(t.db, t.config.tableName);
    // "rank" is full from the test above; each round writes one new rule there and elsewhere at once.
    for (let round = 0; round < 5; round++) {
      const id = `racer-${round}`;
      const results = await Promise.allSettled([
        store.save(rule(id, { placement: "rank" }), undefined, NOW),
        store.save(
          rule(id, { placement: "recommendations", updatedAt: `2031-05-01T00:00:0${round}.000Z` }),
          undefined,
          NOW,
        ),
      ]);
      expect(results[0]?.status).toBe("rejected");
      const stored = await store.load(id);
      const appliedIn = (await reads.read({ rules: "recommendations" })).rules.filter((r) => r.ruleId === id);
      if (appliedIn.length > 0) expect(stored).toEqual(appliedIn[0]);
      if (stored) expect((await store.applied([stored])).has(appliedKey(stored))).toBe(true);
    }
  });

  it("says a definition whose placement row does not hold it (an interrupted write) is not applied", async () => {
    const store = new DynamoRuleStore(t.db, t.config.tableName);
    const written = rule("interrupted", { placement: "trending" });
    await store.save(written, undefined, NOW);
    expect((await store.applied([written])).has(appliedKey(written))).toBe(true);
    // A PUT that wrote its definition and then stopped: the row still holds the older version.
    const newer = { ...written, updatedAt: "2031-05-02T00:00:00.000Z" };
    await t.db.send(
      new PutCommand({
        TableName: t.config.tableName,
        Item: { ...ruleRow.key("interrupted"), definition: JSON.stringify(newer), writeId: "w" },
      }),
    );
    expect((await store.applied([newer])).has(appliedKey(newer))).toBe(false);
    await store.save(newer, written, NOW);
    expect((await store.applied([newer])).has(appliedKey(newer))).toBe(true);
  });
});
