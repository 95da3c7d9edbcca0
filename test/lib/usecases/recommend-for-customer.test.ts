import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../../lib/data/clients.js";
import { Forbidden } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import type { Item } from "../../../lib/schemas/item.js";
import { forYouQuerySchema } from "../../../lib/schemas/recommendation.js";
import { recommendForCustomer } from "../../../lib/usecases/recommend-for-customer.js";
import { consumerDeps, deliverAll, FIXED_NOW, listDeps, toRecords } from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("fy");
const id = (name: string) => `${run}-${name}`;
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const asCustomer = (name: string): Principal => ({ subject: id(name), scopes: new Set(["customer"]) });

const CATALOG: Item[] = [
  { itemId: id("tent"), categories: ["camping/tents"], brand: "Alpina", available: true },
  { itemId: id("mat"), categories: ["camping/sleeping"], brand: "Alpina", available: true },
  { itemId: id("stove"), categories: ["camping/cooking"], available: true },
  { itemId: id("lantern"), categories: ["camping/lighting"], regions: ["FR"], available: true },
  { itemId: id("socks"), categories: ["apparel/socks"], available: true },
  { itemId: id("jacket"), categories: ["apparel/jackets"], available: true },
  { itemId: id("sold-out"), categories: ["camping/tents"], available: false },
];

let n = 0;
const event = (
  customer: string,
  name: string,
  minute: number,
  extra: Partial<KindredEvent> = {},
): KindredEvent => ({
  eventId: `${run}-${n++}`,
  type: "view",
  customerId: id(customer),
  itemId: id(name),
  timestamp: new Date(FIXED_NOW - 3_600_000 + minute * 60_000).toISOString(),
  channel: "web",
  context: { country: "DE" },
  ...extra,
});

let shard = 0;
/** Each delivery on a fresh shard: sequence numbers restart with every toRecords call. */
async function deliver(events: KindredEvent[]) {
  const shardId = `shardId-${String(shard++).padStart(12, "0")}`;
  await deliverAll(toRecords(events, shardId), 50, consumerDeps(t.db, t.config.tableName));
}

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(CATALOG);
  // The crowd: everyone looks at socks and jackets; campers look at the tent, then a mat, stove, lantern.
  const crowd: KindredEvent[] = [];
  for (let s = 0; s < 30; s++)
    crowd.push(event(`sock-fan-${s}`, "socks", 0), event(`sock-fan-${s}`, "jacket", 1));
  for (let s = 0; s < 8; s++) {
    crowd.push(event(`camper-${s}`, "tent", 10), event(`camper-${s}`, "mat", 11));
    if (s < 5) crowd.push(event(`camper-${s}`, "stove", 12));
    if (s < 5) crowd.push(event(`camper-${s}`, "lantern", 13));
    if (s < 3) crowd.push(event(`camper-${s}`, "sold-out", 14));
  }
  await deliver(crowd);
  // Alice, from Germany, looks at the tent after the crowd did; she already bought the stove.
  await deliver([
    event("alice", "stove", 20, { type: "purchase" }),
    event("alice", "tent", 30),
    event("alice", "tent", 31, { type: "click" }),
  ]);
});
afterAll(async () => {
  await t.stores.close();
});

const forYou = (
  principal: Principal,
  query: Record<string, unknown>,
  deps = listDeps(t.db, t.config.tableName),
) => recommendForCustomer(principal, forYouQuerySchema.parse(query), deps);
const ids = (result: { items: { itemId: string }[] }) => result.items.map((i) => i.itemId);

describe("recommended for you", () => {
  it("puts what goes with the customer's recent items first, and says which item it goes with", async () => {
    const result = await forYou(asCustomer("alice"), { customerId: "me" });
    expect(ids(result)[0]).toBe(id("mat"));
    expect(result.items[0]?.reasons[0]).toEqual({ type: "also_viewed", itemId: id("tent") });
    expect(result.items.every((i) => i.score > 0 && i.reasons.length > 0)).toBe(true);
    expect(result.recommendationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("never lists what the customer bought, unavailable items, or items not sold in their country", async () => {
    const listed = ids(await forYou(asCustomer("alice"), { customerId: "me", limit: 100 }));
    expect(listed).not.toContain(id("stove"));
    expect(listed).not.toContain(id("sold-out"));
    expect(listed).not.toContain(id("lantern")); // sold in France only; Alice shops from Germany
    expect(ids(await forYou(admin, { customerId: id("alice"), country: "FR", limit: 100 }))).toContain(
      id("lantern"),
    );
  });

  it("leaves out what the customer interacted with; the strategy can let it back after a while", async () => {
    expect(ids(await forYou(asCustomer("alice"), { customerId: "me", limit: 100 }))).not.toContain(
      id("tent"),
    );
    const lists = listDeps(t.db, t.config.tableName);
    // Alice looked at the tent about half an hour before FIXED_NOW.
    const soon = { ...lists, strategy: { ...lists.strategy, seenAgainAfterDays: 1 } };
    expect(ids(await forYou(asCustomer("alice"), { customerId: "me", limit: 100 }, soon))).not.toContain(
      id("tent"),
    );
    const later = { ...soon, now: () => FIXED_NOW + 2 * 86_400_000 };
    expect(ids(await forYou(asCustomer("alice"), { customerId: "me", limit: 100 }, later))).toContain(
      id("tent"),
    );
  });

  it("gives a customer it knows nothing about the trending list, never an error", async () => {
    const result = await forYou(asCustomer("newcomer"), { customerId: "me" });
    expect(ids(result).slice(0, 2).sort()).toEqual([id("jacket"), id("socks")].sort());
    expect(result.items.every((i) => i.reasons.every((r) => r.type === "trending"))).toBe(true);
  });

  it("keeps to a requested category", async () => {
    const listed = ids(await forYou(asCustomer("alice"), { customerId: "me", category: "Camping" }));
    expect(listed.length).toBeGreaterThan(0);
    const camping = new Set(
      CATALOG.filter((i) => i.categories[0]?.startsWith("camping")).map((i) => i.itemId),
    );
    expect(listed.every((itemId) => camping.has(itemId))).toBe(true);
  });

  it("moves an item down once it was shown several times without a reaction", async () => {
    const before = ids(await forYou(asCustomer("alice"), { customerId: "me" }));
    expect(before[0]).toBe(id("mat"));
    await deliver(
      [40, 41, 42, 43].map((minute) =>
        event("alice", "mat", minute, { type: "impression", itemId: undefined, itemIds: [id("mat")] }),
      ),
    );
    const after = ids(await forYou(asCustomer("alice"), { customerId: "me" }));
    expect(after.indexOf(id("mat"))).toBeGreaterThan(0);
  });

  it("follows the configured blend: with only trending weighted, popularity decides", async () => {
    const deps = { ...listDeps(t.db, t.config.tableName) };
    deps.strategy = { ...deps.strategy, weights: { related: 0, affinity: 0, trending: 1 } };
    const result = await forYou(asCustomer("alice"), { customerId: "me" }, deps);
    expect(ids(result).slice(0, 2).sort()).toEqual([id("jacket"), id("socks")].sort());
  });

  it("gives an item new to the catalog, with no co-occurrences yet, a bounded place: exploration", async () => {
    const newTent = { itemId: id("new-tent"), categories: ["camping/tents"], available: true };
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([
      { ...newTent, createdAt: new Date(FIXED_NOW - 86_400_000).toISOString() },
    ]);
    const result = await forYou(asCustomer("alice"), { customerId: "me", limit: 10 });
    const explored = result.items.filter((i) => i.reasons[0]?.type === "exploration");
    expect(explored.map((i) => i.itemId)).toEqual([id("new-tent")]);
    const scores = result.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const lists = listDeps(t.db, t.config.tableName);
    const off = { ...lists, strategy: { ...lists.strategy, exploration: { share: 0, newForDays: 30 } } };
    expect(ids(await forYou(asCustomer("alice"), { customerId: "me", limit: 10 }, off))).not.toContain(
      id("new-tent"),
    );
    const stale = { ...lists, now: () => FIXED_NOW + 40 * 86_400_000 };
    expect(ids(await forYou(asCustomer("alice"), { customerId: "me", limit: 10 }, stale))).not.toContain(
      id("new-tent"),
    );
  });

  it("reads the store in two round trips", async () => {
    const deps = listDeps(t.db, t.config.tableName);
    const meter = meterRequests(t.db);
    meter.reset();
    await forYou(asCustomer("alice"), { customerId: "me" }, deps);
    expect(meter.counts.roundTrips).toBe(2);
    // A process that served before reads one BatchGet each time (a new one also loads the projection).
    meter.reset();
    await forYou(asCustomer("alice"), { customerId: "me" }, deps);
    expect(meter.counts.requests).toEqual({ BatchGetItemCommand: 2 });
  });

  it("scores neighbours that joined the latest items' rows after the customer's last action", async () => {
    const hammock = id("hammock");
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([
      // Not new enough to be explored: only its neighbours can bring it in.
      {
        itemId: hammock,
        categories: ["camping/hammocks"],
        available: true,
        createdAt: "2020-01-01T00:00:00.000Z",
      },
    ]);
    await deliver([event("early", "tent", 50)]);
    // After the early customer's last action, shoppers in France go from the tent to the new hammock: it is
    // in the tent's neighbours, but neither in the early customer's pool nor in Germany's trending row.
    const swings = (s: number) => [
      event(`swinger-${s}`, "tent", 55, { context: { country: "FR" } }),
      event(`swinger-${s}`, "hammock", 56, { context: { country: "FR" } }),
    ];
    await deliver(Array.from({ length: 6 }, (_, s) => swings(s)).flat());
    const relatedToTent = (items: { itemId: string; reasons: { type: string }[] }[]) =>
      items.find((i) => i.itemId === hammock)?.reasons.some((r) => r.type === "also_viewed") ?? false;
    const query = { customerId: id("early"), limit: 10, country: "DE" };

    // A process that never served a list: the projection it loads holds the hammock.
    const db = createDynamoClient(t.config);
    const meter = meterRequests(db);
    const fresh = listDeps(db, t.config.tableName);
    meter.reset();
    const served = await recommendForCustomer(admin, forYouQuerySchema.parse(query), fresh);
    expect(relatedToTent(served.items)).toBe(true);
    expect(meter.counts.roundTrips).toBe(2);
  });

  it("never serves one customer's recommendations to another's token", async () => {
    await expect(forYou(asCustomer("mallory"), { customerId: id("alice") })).rejects.toBeInstanceOf(
      Forbidden,
    );
  });
});
