import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { placementExperimentRow } from "../../../lib/data/rows/index.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";
import { forYouQuerySchema, rankRequestSchema } from "../../../lib/schemas/recommendation.js";
import { DEFAULT_STRATEGY } from "../../../lib/schemas/strategy.js";
import { rankItems } from "../../../lib/usecases/rank-items.js";
import { recommendForCustomer } from "../../../lib/usecases/recommend-for-customer.js";
import { setPreferences } from "../../../lib/usecases/set-preferences.js";
import {
  consumerDeps,
  deliverAll,
  FIXED_NOW,
  listDeps,
  testApp,
  toRecords,
} from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("latest");
const id = (name: string) => `${run}-${name}`;
const as = (name: string): Principal => ({ subject: id(name), scopes: new Set(["customer"]) });

let n = 0;
const view = (customer: string, item: string, minute: number): KindredEvent => ({
  eventId: `${run}-${n++}`,
  type: "view",
  customerId: id(customer),
  itemId: id(item),
  timestamp: new Date(FIXED_NOW - 3_600_000 + minute * 60_000).toISOString(),
  channel: "web",
});

beforeAll(async () => {
  t = await startTestStores();
  const created = new Date(FIXED_NOW - 365 * 86_400_000).toISOString();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(
    ["tent", "mat", "knife", "stove", "lamp"].map((name) => ({
      itemId: id(name),
      categories: name === "knife" ? ["outdoor/knives"] : ["outdoor/camping"],
      available: true,
      createdAt: created,
    })),
  );
  // The crowd pairs the tent with the mat and, in a later session, the knife with the stove and the lamp.
  const crowd: KindredEvent[] = [];
  for (let c = 0; c < 5; c++) {
    crowd.push(view(`crowd-${c}`, "tent", 0), view(`crowd-${c}`, "mat", 1));
    crowd.push(
      view(`crowd-${c}`, "knife", 40),
      view(`crowd-${c}`, "stove", 41),
      view(`crowd-${c}`, "lamp", 42),
    );
  }
  crowd.push(view("ann", "tent", 50), view("ann", "knife", 51));
  await deliverAll(toRecords(crowd), 100, consumerDeps(t.db, t.config.tableName));
});
afterAll(async () => {
  await t.stores.close();
});

const forYou = (who: string) =>
  recommendForCustomer(
    as(who),
    forYouQuerySchema.parse({ customerId: "me" }),
    listDeps(t.db, t.config.tableName),
  );
const reasonItems = (result: { items: { reasons: { type: string; itemId?: string }[] }[] }) =>
  result.items.flatMap((i) => i.reasons.flatMap((r) => (r.itemId === undefined ? [] : [r.itemId])));

describe("lists built from the customer's latest items", () => {
  it("name the latest item that makes each one related", async () => {
    const result = await forYou("ann");
    expect(result.items.find((i) => i.itemId === id("mat"))?.reasons[0]).toEqual({
      type: "also_viewed",
      itemId: id("tent"),
    });
    expect(reasonItems(result)).toContain(id("knife"));
  });

  it("never give as a reason an item from a category the customer blocked", async () => {
    await setPreferences(
      as("ann"),
      "me",
      { ...DEFAULT_PREFERENCES, blockedCategories: ["outdoor/knives"] },
      testApp(t.db, t.config.tableName).customers,
    );
    expect(reasonItems(await forYou("ann"))).not.toContain(id("knife"));
  });

  it("never give as a reason an item deleted from the catalog", async () => {
    await new DynamoCatalogStore(t.db, t.config.tableName).deleteItem(id("tent"));
    const result = await forYou("ann");
    expect(reasonItems(result)).not.toContain(id("tent"));
    expect(result.items.every((i) => i.reasons.length > 0)).toBe(true);
  });
});

describe("experiments started before the strategy grew new knobs", () => {
  it("serve for you and rank with the new knobs' defaults, in at most two round trips", async () => {
    const { exploration: _e, seenAgainAfterDays: _s, ...older } = DEFAULT_STRATEGY;
    const variants = [
      { name: "a", weight: 1, strategy: older },
      { name: "b", weight: 1, strategy: older },
    ];
    for (const placement of ["recommendations", "rank"] as const) {
      await t.db.send(
        new PutCommand({
          TableName: t.config.tableName,
          Item: { ...placementExperimentRow.key(placement), experimentId: "old", variants },
        }),
      );
    }
    try {
      const forYouResult = await forYou("crowd-0");
      expect(forYouResult.experimentId).toBe("old");
      // Seen items stay out, as the default says: crowd-0 saw every item.
      expect(forYouResult.items).toEqual([]);

      const meter = meterRequests(t.db);
      meter.reset();
      const ranked = await rankItems(
        as("crowd-0"),
        "me",
        rankRequestSchema.parse({ items: [{ itemId: id("mat") }, { itemId: id("lamp") }] }),
        listDeps(t.db, t.config.tableName),
      );
      expect(ranked.items).toHaveLength(2);
      expect(meter.counts.roundTrips).toBe(2);
    } finally {
      for (const placement of ["recommendations", "rank"] as const) {
        await t.db.send(
          new DeleteCommand({ TableName: t.config.tableName, Key: placementExperimentRow.key(placement) }),
        );
      }
    }
  });
});
