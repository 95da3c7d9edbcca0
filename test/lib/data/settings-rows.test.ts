import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable } from "../../../infra/local/embedded-stores.js";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import { SettingsRows } from "../../../lib/data/settings-rows.js";
import { experimentRequestSchema } from "../../../lib/schemas/experiment.js";
import { itemSchema } from "../../../lib/schemas/item.js";
import { ruleRequestSchema } from "../../../lib/schemas/rule.js";
import { putExperiment } from "../../../lib/usecases/experiments.js";
import { putRule } from "../../../lib/usecases/rules-admin.js";
import { testApp } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Every list reads its placement's rules, the rules of every placement, the placement's running experiment and
// (for you) the new arrivals. A serving process keeps them a second; its own writes show at once.

let t: TestStores;
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const EVERYTHING = { placement: "recommendations", newArrivals: true, rules: "recommendations" } as const;

beforeAll(async () => {
  t = await startTestStores();
});
afterAll(() => t.stores.close());

/** The table's client, counting the keys each BatchGet asks for. */
function counted(db: DynamoDBDocumentClient) {
  const asked: string[][] = [];
  const send = (command: { input?: { RequestItems?: Record<string, { Keys?: { sk: string }[] }> } }) => {
    // BatchGets name keys; BatchWrites (catalog upserts) name requests, which are not counted.
    for (const { Keys } of Object.values(command.input?.RequestItems ?? {}))
      if (Array.isArray(Keys)) asked.push(Keys.map((k) => k.sk));
    return db.send(command as never);
  };
  return { db: { send } as unknown as DynamoDBDocumentClient, asked };
}

const SETTINGS_SORT_KEYS = ["RULES", "RUNNING", "NEW_ARRIVALS"];
/** The settings rows' sort keys asked for since the `from`th BatchGet. */
const settingsKeysSince = (asked: string[][], from: number) =>
  asked.slice(from).flatMap((keys) => keys.filter((sk) => SETTINGS_SORT_KEYS.includes(sk)));

describe("a serving process's settings rows", () => {
  it("are read once a second while it is busy, absent ones too, then again", async () => {
    const table = uniqueId("settings");
    await createTable(t.stores.dynamoEndpoint, table);
    const clock = { now: 1_000_000 };
    const store = counted(t.db);
    const reads = new DynamoRecommendationReads(store.db, table, undefined, {
      settings: new SettingsRows(1000, () => clock.now),
    });
    await reads.read(EVERYTHING);
    expect(settingsKeysSince(store.asked, 0).sort()).toEqual(["NEW_ARRIVALS", "RULES", "RULES", "RUNNING"]);
    clock.now += 999;
    let from = store.asked.length;
    const cached = await reads.read(EVERYTHING);
    expect(settingsKeysSince(store.asked, from)).toEqual([]);
    expect(cached).toMatchObject({ rules: [], running: undefined, newArrivals: undefined });
    clock.now += 1;
    from = store.asked.length;
    await reads.read(EVERYTHING);
    expect(settingsKeysSince(store.asked, from)).toHaveLength(4);
  });

  it("show this process's own writes at once: a rule, an experiment started, a new item", async () => {
    const table = uniqueId("settings");
    await createTable(t.stores.dynamoEndpoint, table);
    // A deployed process: the row cache on (10 s), so settings are kept their full second.
    const app = testApp(t.db, table, { now: Date.now, config: { rowCacheMs: 10_000 } });
    const before = await app.lists.reads.read(EVERYTHING);
    expect(before).toMatchObject({ rules: [], running: undefined, newArrivals: undefined });

    await putRule(
      admin,
      "hide-sale",
      ruleRequestSchema.parse({
        placement: "recommendations",
        action: "filter",
        mode: "exclude",
        when: { tags: ["sale"] },
      }),
      app.rulesAdmin,
    );
    await putExperiment(
      admin,
      "blend",
      experimentRequestSchema.parse({
        placement: "recommendations",
        status: "running",
        variants: [
          { name: "control", weight: 1, strategy: {} },
          { name: "popular", weight: 1, strategy: { weights: { related: 0, affinity: 0, trending: 1 } } },
        ],
      }),
      app.experimentsAdmin,
    );
    await app.catalog.upsertItems([itemSchema.parse({ itemId: "fresh-tent", categories: ["camping"] })]);

    const after = await app.lists.reads.read(EVERYTHING);
    expect(after.rules.map((r) => r.ruleId)).toEqual(["hide-sale"]);
    expect(after.running?.experimentId).toBe("blend");
    expect(after.newArrivals?.items.map(([id]) => id)).toContain("fresh-tent");
  });

  it("forget only the kind this process wrote: a catalog write leaves the rules and the experiment kept", async () => {
    const table = uniqueId("settings");
    await createTable(t.stores.dynamoEndpoint, table);
    const store = counted(t.db);
    const app = testApp(store.db, table, { now: Date.now, config: { rowCacheMs: 10_000 } });
    await app.lists.reads.read(EVERYTHING);
    await app.catalog.upsertItems([itemSchema.parse({ itemId: "new-mat", categories: ["camping"] })]);
    const from = store.asked.length;
    const after = await app.lists.reads.read(EVERYTHING);
    expect(settingsKeysSince(store.asked, from)).toEqual(["NEW_ARRIVALS"]);
    expect(after.newArrivals?.items.map(([id]) => id)).toEqual(["new-mat"]);
  });

  it("never keep a read sent before this process wrote, even if it answers after", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    const send = async (command: { input: { RequestItems: Record<string, { Keys: object[] }> } }) => {
      const [table] = Object.keys(command.input.RequestItems);
      if (calls++ === 0) await held;
      return { Responses: { [String(table)]: [] } };
    };
    const settings = new SettingsRows(1000);
    const reads = new DynamoRecommendationReads(
      { send } as unknown as DynamoDBDocumentClient,
      "t",
      undefined,
      {
        settings,
      },
    );
    const slow = reads.read({ rules: "trending" });
    settings.forget("rules"); // this process writes a rule while the read is on its way
    release();
    await slow;
    await reads.read({ rules: "trending" });
    expect(calls).toBe(2);
  });
});
