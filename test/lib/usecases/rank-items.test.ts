import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { Forbidden } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { rankRequestSchema } from "../../../lib/schemas/recommendation.js";
import { rankItems } from "../../../lib/usecases/rank-items.js";
import { consumerDeps, deliverAll, FIXED_NOW, listDeps, toRecords } from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("rank");
const id = (name: string) => `${run}-${name}`;
const reader: Principal = { subject: id("reader"), scopes: new Set(["customer"]) };

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([
    { itemId: id("trail-guide"), categories: ["guides/hiking"], available: true },
    { itemId: id("withdrawn"), categories: ["guides/hiking"], available: false },
    { itemId: id("bought"), categories: ["guides/hiking"], available: true },
  ]);
  // The reader reads hiking guides and bought one.
  const events: KindredEvent[] = [
    { type: "view", itemId: id("trail-guide") },
    { type: "click", itemId: id("trail-guide") },
    { type: "purchase", itemId: id("bought") },
  ].map((e, i) => ({
    eventId: `${run}-${i}`,
    customerId: id("reader"),
    timestamp: new Date(FIXED_NOW - 600_000 + i * 1000).toISOString(),
    channel: "web",
    ...(e as Pick<KindredEvent, "type" | "itemId">),
  }));
  await deliverAll(toRecords(events), 10, consumerDeps(t.db, t.config.tableName));
});
afterAll(async () => {
  await t.stores.close();
});

const rank = (principal: Principal, body: unknown, customerId = "me") =>
  rankItems(principal, customerId, rankRequestSchema.parse(body), listDeps(t.db, t.config.tableName));

describe("ranking caller-supplied content", () => {
  it("puts what matches the customer's interests first, judging unknown content by its inline features", async () => {
    const result = await rank(reader, {
      items: [
        { itemId: "article-cooking", categories: ["food/recipes"] },
        { itemId: "article-hiking", categories: ["guides/hiking"], tags: ["alps"] },
        { itemId: "banner-sale" },
      ],
    });
    expect(result.items.map((i) => i.itemId)).toEqual(["article-hiking", "article-cooking", "banner-sale"]);
    expect(result.items[0]?.reasons).toEqual([{ type: "affinity", feature: "category:guides/hiking" }]);
  });

  it("keeps the caller's order where nothing tells candidates apart, and says so", async () => {
    const result = await rank(
      { subject: id("stranger"), scopes: new Set(["customer"]) },
      {
        items: [{ itemId: "c" }, { itemId: "a" }, { itemId: "b" }],
      },
    );
    expect(result.items.map((i) => [i.itemId, i.reasons])).toEqual([
      ["c", [{ type: "caller_order", position: 0 }]],
      ["a", [{ type: "caller_order", position: 1 }]],
      ["b", [{ type: "caller_order", position: 2 }]],
    ]);
  });

  it("leaves out catalog items that are unavailable or that the customer bought", async () => {
    const result = await rank(reader, {
      items: [{ itemId: id("withdrawn") }, { itemId: id("bought") }, { itemId: id("trail-guide") }],
    });
    expect(result.items.map((i) => i.itemId)).toEqual([id("trail-guide")]);
  });

  it("ranks 500 candidates in two round trips and returns at most `limit`", async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      itemId: `c-${i}`,
      categories: [`topic/${i % 7}`],
    }));
    const meter = meterRequests(t.db);
    meter.reset();
    const result = await rank(reader, { items, limit: 100 });
    // The profile with every candidate's entry, then the neighbour rows of the reader's latest items.
    expect(meter.counts.roundTrips).toBe(2);
    expect(result.items).toHaveLength(100);
  });

  it("rejects a duplicated candidate naming it, and more than 500", () => {
    const twice = rankRequestSchema.safeParse({ items: [{ itemId: "x" }, { itemId: "x" }] });
    expect(twice.error?.issues.map((i) => i.path)).toEqual([["items", 1, "itemId"]]);
    const tooMany = rankRequestSchema.safeParse({
      items: Array.from({ length: 501 }, (_, i) => ({ itemId: `${i}` })),
    });
    expect(tooMany.error?.issues.map((i) => i.path)).toEqual([["items"]]);
  });

  it("never ranks for another customer's token", async () => {
    await expect(rank(reader, { items: [{ itemId: "x" }] }, id("someone-else"))).rejects.toBeInstanceOf(
      Forbidden,
    );
  });
});
