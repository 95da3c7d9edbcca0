import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../../lib/data/clients.js";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import { RowCache } from "../../../lib/data/row-cache.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, type Neighbourhood } from "../../../lib/domain/co-occurrence.js";
import { Forbidden, NotFound } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { relatedItems } from "../../../lib/usecases/related-items.js";
import { consumerDeps, deliverAll, FIXED_NOW, listDeps, toRecords } from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("av");
const id = (name: string) => `${run}-${name}`;
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };

beforeAll(async () => {
  t = await startTestStores();
  const item = (name: string, category: string, available = true) => ({
    itemId: id(name),
    categories: [category],
    available,
  });
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([
    item("tent", "camping/tents"),
    item("mat", "camping/sleeping"),
    item("stove", "camping/cooking"),
    item("bag", "camping/sleeping"),
    item("popular-socks", "apparel/socks"),
    item("sold-out", "camping/tents", false),
    item("lonely", "camping/tents"),
  ]);
  // Everyone buys socks; tent viewers also look at mats and stoves; one looks at a sold-out tent.
  const events: KindredEvent[] = [];
  let n = 0;
  const view = (shopper: string, name: string, minute: number, type: KindredEvent["type"] = "view") =>
    events.push({
      eventId: `${run}-${n++}`,
      type,
      customerId: `${run}-${shopper}`,
      itemId: id(name),
      timestamp: new Date(FIXED_NOW - 3_600_000 + minute * 60_000).toISOString(),
      channel: "web",
    });
  for (let s = 0; s < 20; s++) view(`sock-shopper-${s}`, "popular-socks", 0);
  for (let s = 0; s < 6; s++) {
    view(`camper-${s}`, "tent", 10);
    view(`camper-${s}`, "mat", 11);
    if (s < 4) view(`camper-${s}`, "stove", 12);
    if (s < 3) view(`camper-${s}`, "popular-socks", 13);
    if (s < 2) view(`camper-${s}`, "sold-out", 14);
    if (s < 1) view(`camper-${s}`, "bag", 15);
  }
  view("camper-0", "mat", 16, "purchase");
  view("buyer", "stove", 0, "purchase");
  view("buyer", "bag", 600, "purchase"); // ten hours later: bought together
  view("buyer", "mat", 2000, "purchase"); // more than a day after both: not
  await deliverAll(toRecords(events), 50, consumerDeps(t.db, t.config.tableName));
});
afterAll(async () => {
  await t.stores.close();
});

const deps = () => listDeps(t.db, t.config.tableName);

describe("also viewed", () => {
  it("ranks an item's co-viewed companions by similarity, not raw popularity, and hides unavailable items", async () => {
    const result = await relatedItems(admin, ALSO_VIEWED, { itemId: id("tent"), limit: 10 }, deps());
    const ids = result.items.map((i) => i.itemId);
    expect(ids.slice(0, 2)).toEqual([id("mat"), id("stove")]);
    expect(ids.indexOf(id("popular-socks"))).toBeGreaterThan(1);
    expect(ids).not.toContain(id("sold-out"));
    expect(result.items[0]?.reasons).toEqual([{ type: "also_viewed", itemId: id("tent") }]);
    expect(result.recommendationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reads the store in at most two round trips", async () => {
    const d = deps();
    const meter = meterRequests(t.db);
    const ask = () =>
      relatedItems(admin, ALSO_VIEWED, { itemId: id("tent"), limit: 10, customerId: `${run}-camper-0` }, d);
    meter.reset();
    await ask();
    expect(meter.counts.roundTrips).toBe(2);
    // A process that served before reads one BatchGet each time (a new one also loads the projection).
    meter.reset();
    await ask();
    expect(meter.counts.requests).toEqual({ BatchGetItemCommand: 2 });
  });

  it("reads the neighbours' rows again only past the cache's bound, and serves the same list from it", async () => {
    const db = createDynamoClient(t.config);
    const meter = meterRequests(db);
    const reads = new DynamoRecommendationReads(db, t.config.tableName, undefined, {
      rows: new RowCache<Neighbourhood>(60_000),
    });
    const d = { ...deps(), reads };
    const ask = () => relatedItems(admin, ALSO_VIEWED, { itemId: id("tent"), limit: 10 }, d);
    meter.reset();
    const first = await ask();
    const coldUnits = meter.counts.readCapacityUnits;
    meter.reset();
    const second = await ask();
    expect(second.items).toEqual(first.items);
    // The tent's own row is read fresh every time (what it learned a second ago counts); the rest is cached.
    expect(meter.counts.readCapacityUnits).toBeLessThan(coldUnits);
    expect(meter.counts.roundTrips).toBe(1);
  });

  it("for a given customer, leaves out what they bought and explains matches with their interests", async () => {
    const customer: Principal = { subject: `${run}-camper-0`, scopes: new Set(["customer"]) };
    const result = await relatedItems(
      customer,
      ALSO_VIEWED,
      { itemId: id("tent"), limit: 10, customerId: "me" },
      deps(),
    );
    expect(result.items.map((i) => i.itemId)).not.toContain(id("mat"));
  });

  it("never lets a customer token ask on behalf of someone else, and says 404 for an unknown item", async () => {
    const customer: Principal = { subject: "alice", scopes: new Set(["customer"]) };
    await expect(
      relatedItems(customer, ALSO_VIEWED, { itemId: id("tent"), limit: 5, customerId: "bob" }, deps()),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      relatedItems(admin, ALSO_VIEWED, { itemId: id("nope"), limit: 5 }, deps()),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("lists what the same customers bought within a day, and only that", async () => {
    const result = await relatedItems(admin, BOUGHT_TOGETHER, { itemId: id("stove"), limit: 10 }, deps());
    expect(result.items).toEqual([
      {
        itemId: id("bag"),
        score: expect.any(Number),
        reasons: [{ type: "bought_together", itemId: id("stove") }],
      },
    ]);
  });

  it("gives an item nobody co-viewed an empty list, not an error", async () => {
    const result = await relatedItems(admin, ALSO_VIEWED, { itemId: id("lonely"), limit: 5 }, deps());
    expect(result.items).toEqual([]);
  });
});
