import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../../lib/data/clients.js";
import { DynamoRecommendationReads, TREND_ROWS_MAX_AGE_MS } from "../../../lib/data/recommendation-reads.js";
import { RowCache } from "../../../lib/data/row-cache.js";
import { DynamoTrendStore } from "../../../lib/data/trend-store.js";
import { dict } from "../../../lib/domain/dict.js";
import type { TrendRow } from "../../../lib/domain/trending.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { trending } from "../../../lib/usecases/trending.js";
import { consumerDeps, deliverAll, FIXED_NOW, listDeps, toRecords } from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("tr");
const category = `${run}-gear`;
const id = (name: string) => `${run}-${name}`;
const shopper: Principal = { subject: "sam", scopes: new Set(["customer"]) };

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([
    { itemId: id("hot"), categories: [`${category}/tents`], available: true },
    { itemId: id("warm"), categories: [`${category}/stoves`], available: true },
    { itemId: id("us-only"), categories: [`${category}/tents`], available: true, regions: ["US"] },
    { itemId: id("gone"), categories: [`${category}/tents`], available: false },
  ]);
  const events: KindredEvent[] = [];
  const add = (name: string, times: number, country: string) => {
    for (let i = 0; i < times; i++) {
      events.push({
        eventId: `${run}-${name}-${country}-${i}`,
        type: "view",
        customerId: `${run}-c${i}`,
        itemId: id(name),
        timestamp: new Date(FIXED_NOW - i * 60_000).toISOString(),
        channel: "web",
        context: { country },
      });
    }
  };
  add("hot", 9, "DE");
  add("warm", 4, "DE");
  add("us-only", 20, "DE");
  add("gone", 30, "DE");
  add("warm", 12, "FR");
  const records = toRecords(events);
  const deps = consumerDeps(t.db, t.config.tableName);
  await deliverAll(records, 10, deps);
  await deliverAll(records, 7, deps); // a replay changes nothing
});
afterAll(async () => {
  await t.stores.close();
});

const deps = () => listDeps(t.db, t.config.tableName);

describe("trending", () => {
  it("lists what is popular in a country and category, without unavailable items or items not sold there", async () => {
    const result = await trending(shopper, { country: "DE", category, limit: 10 }, deps());
    expect(result.items.map((i) => i.itemId)).toEqual([id("hot"), id("warm")]);
    expect(result.items[0]?.reasons).toEqual([{ type: "trending" }]);
  });

  it("is best first: diversity chooses what is on the page, never that an item stands below a weaker one", async () => {
    const shelf = uniqueId("shelf");
    const items = ["a0", "a1", "a2", "b0"].map((name) => ({
      itemId: `${shelf}-${name}`,
      categories: [`${shelf}/${name[0]}`],
      available: true,
    }));
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(items);
    const views = (name: string, times: number, hoursAgo: number): KindredEvent[] =>
      Array.from({ length: times }, (_, i) => ({
        eventId: `${shelf}-${name}-${i}`,
        type: "view",
        customerId: `${shelf}-c${i}`,
        itemId: `${shelf}-${name}`,
        timestamp: new Date(FIXED_NOW - hoursAgo * 3_600_000 - i * 1000).toISOString(),
        channel: "web",
      }));
    const events = [...views("a0", 9, 0), ...views("a1", 8, 0), ...views("a2", 7, 0), ...views("b0", 1, 40)];
    await deliverAll(toRecords(events, "shardId-000000000009"), 50, consumerDeps(t.db, t.config.tableName));
    const result = await trending(shopper, { category: shelf, limit: 3 }, deps());
    const scores = result.items.map((i) => i.score);
    expect(result.items.map((i) => i.itemId)).toContain(`${shelf}-b0`);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it("counts each country on its own, and everywhere together", async () => {
    expect(
      (await trending(shopper, { country: "FR", category, limit: 10 }, deps())).items.map((i) => i.itemId),
    ).toEqual([id("warm")]);
    const everywhere = await trending(shopper, { category, limit: 10 }, deps());
    expect(everywhere.items.map((i) => i.itemId)).toEqual([id("us-only"), id("warm"), id("hot")]);
  });

  it("does not count a replayed stream twice", async () => {
    const [hot] = (
      await trending(shopper, { country: "DE", category: `${category}/tents`, limit: 1 }, deps())
    ).items;
    const [hotAgain] = (
      await trending(shopper, { country: "DE", category: `${category}/tents`, limit: 1 }, deps())
    ).items;
    expect(hot?.score).toBe(hotAgain?.score);
    // 9 views within the last 9 minutes, decayed over a 2-hour half-life, as a rate per 2 hours.
    expect(hot?.score).toBeGreaterThan(8 / 2);
    expect(hot?.score).toBeLessThan((9 / 2) * 3);
  });

  it("reads the store in two round trips, and answers an empty scope with an empty list", async () => {
    const meter = meterRequests(t.db);
    const lists = deps();
    meter.reset();
    await trending(shopper, { country: "DE", category, limit: 10 }, lists);
    expect(meter.counts.roundTrips).toBe(2);
    // A process that served before knows the catalog: one BatchGet (a new one also loads the projection).
    meter.reset();
    await trending(shopper, { country: "DE", category, limit: 10 }, lists);
    expect(meter.counts.requests).toEqual({ BatchGetItemCommand: 1 });
    expect((await trending(shopper, { country: "JP", limit: 10 }, deps())).items).toEqual([]);
  });

  it("reads a trending row at most once a second in a busy process, and again after", async () => {
    const clock = { now: 0 };
    const db = createDynamoClient(t.config);
    const reads = new DynamoRecommendationReads(db, t.config.tableName, undefined, {
      trends: new RowCache<TrendRow>(TREND_ROWS_MAX_AGE_MS, 1024 * 1024, () => clock.now),
    });
    const lists = { ...deps(), reads };
    let trendRowsRead = 0;
    db.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, { Keys?: { sk?: unknown }[] }> };
        for (const { Keys = [] } of Object.values(input.RequestItems ?? {}))
          trendRowsRead += Keys.filter((k) => k.sk === "TREND").length;
        return next(args);
      },
      { step: "initialize" },
    );
    const ask = () => trending(shopper, { country: "DE", category, limit: 10 }, lists);
    const first = await ask();
    expect(trendRowsRead).toBe(1);
    clock.now += TREND_ROWS_MAX_AGE_MS - 1;
    expect(await ask()).toMatchObject({ items: first.items });
    expect(trendRowsRead).toBe(1);
    clock.now += 1;
    await ask();
    expect(trendRowsRead).toBe(2);
  });

  it("stores counters of any size: forward-decayed values pass 2^53 between rebases", async () => {
    const store = new DynamoTrendStore(t.db, t.config.tableName);
    const scope = `${uniqueId("busy")}#*`;
    const row = {
      scope,
      epoch: FIXED_NOW,
      latest: FIXED_NOW,
      items: dict({ a: [3e19, 1.5e17] as [number, number] }),
    };
    await store.saveTrendRow(row, 0);
    expect((await store.loadTrendRows([scope])).get(scope)).toEqual({ row, version: 1 });
  });
});
