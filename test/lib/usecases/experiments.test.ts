import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { Conflict, Forbidden, NotFound } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { experimentRequestSchema } from "../../../lib/schemas/experiment.js";
import { forYouQuerySchema } from "../../../lib/schemas/recommendation.js";
import { experimentResults, putExperiment } from "../../../lib/usecases/experiments.js";
import { recommendForCustomer } from "../../../lib/usecases/recommend-for-customer.js";
import {
  consumerDeps,
  deliverAll,
  FIXED_NOW,
  listDeps,
  testApp,
  toRecords,
} from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores } from "../../support/stores.js";

let t: TestStores;
// Fixed ids (this file has its own store): variant assignment is a hash of them, so every run assigns the
// same customers to the same variants and the split this test relies on cannot come out differently.
const run = "xp";
const id = (name: string) => `${run}-${name}`;
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const as = (name: string): Principal => ({ subject: id(name), scopes: new Set(["customer"]) });
const experimentId = "blend";
let shard = 0;

const deps = () => testApp(t.db, t.config.tableName).experimentsAdmin;
const definition = (status: "running" | "stopped", placement = "recommendations") =>
  experimentRequestSchema.parse({
    placement,
    status,
    variants: [
      { name: "control", weight: 1, strategy: {} },
      { name: "popular", weight: 1, strategy: { weights: { related: 0, affinity: 0, trending: 1 } } },
    ],
  });
async function deliver(events: KindredEvent[], batchSize = 50) {
  const records = toRecords(events, `shardId-${String(shard++).padStart(12, "0")}`);
  await deliverAll(records, batchSize, consumerDeps(t.db, t.config.tableName));
  return records;
}
let n = 0;
const event = (customer: string, item: string, extra: Partial<KindredEvent> = {}): KindredEvent => ({
  eventId: `${run}-${n++}`,
  type: "view",
  customerId: id(customer),
  itemId: id(item),
  timestamp: new Date(FIXED_NOW - 3_600_000 + n * 1000).toISOString(),
  channel: "web",
  ...extra,
});
const forYou = (customer: string) =>
  recommendForCustomer(
    as(customer),
    forYouQuerySchema.parse({ customerId: "me" }),
    listDeps(t.db, t.config.tableName),
  );

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(
    ["tent", "mat", "socks", "cap"].map((name) => ({
      itemId: id(name),
      categories: [`c/${name}`],
      available: true,
    })),
  );
  await deliver(
    Array.from({ length: 20 }, (_, i) => [event(`crowd-${i}`, "tent"), event(`crowd-${i}`, "mat")]).flat(),
  );
  // Others pair the same items with ones the crowd has not seen: what "for you" may offer the crowd.
  await deliver(
    Array.from({ length: 20 }, (_, i) => [
      event(`other-${i}`, i % 2 ? "tent" : "mat"),
      event(`other-${i}`, i % 2 ? "socks" : "cap"),
    ]).flat(),
  );
  // Looking again once the neighbours exist brings them into each crowd member's related items.
  await deliver(Array.from({ length: 20 }, (_, i) => event(`crowd-${i}`, "tent")));
});
afterAll(async () => {
  await t.stores.close();
});

describe("running an experiment", () => {
  it("is for admins, validates every variant's strategy naming the knob, and allows one running per placement", async () => {
    await expect(putExperiment(as("x"), experimentId, definition("running"), deps())).rejects.toBeInstanceOf(
      Forbidden,
    );
    const bad = experimentRequestSchema.safeParse({
      placement: "recommendations",
      status: "running",
      variants: [
        { name: "control", weight: 0, strategy: {} },
        { name: "control", weight: 1, strategy: { weights: { popularity: 1 } } },
      ],
    });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["variants.0.weight", "variants.1.strategy.weights", "variants.1.name"]),
    );
    await putExperiment(admin, experimentId, definition("running"), deps());
    await expect(
      putExperiment(admin, `${experimentId}-b`.slice(0, 40), definition("running"), deps()),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it("tags each customer's lists with the same variant every time, ranked by that variant's strategy", async () => {
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 12; i++) {
      for (let repeat = 0; repeat < 2; repeat++) {
        const list = await forYou(`shopper-${i}`);
        expect(list.experimentId).toBe(experimentId);
        expect(list.recommendationId).toContain(`~${experimentId}~${list.variant}`);
        const variants = seen.get(`shopper-${i}`) ?? new Set<string>();
        variants.add(String(list.variant));
        seen.set(`shopper-${i}`, variants);
      }
    }
    expect([...seen.values()].every((v) => v.size === 1)).toBe(true);
    expect(new Set([...seen.values()].flatMap((v) => [...v]))).toEqual(new Set(["control", "popular"]));

    // Customers with history: the "popular" variant ranks by trending alone, the control by the blend.
    const reasonsBy = new Map<string, Set<string>>();
    for (let i = 0; i < 20; i++) {
      const list = await forYou(`crowd-${i}`);
      const types = reasonsBy.get(String(list.variant)) ?? new Set<string>();
      for (const item of list.items) for (const r of item.reasons) types.add(r.type);
      reasonsBy.set(String(list.variant), types);
    }
    expect(reasonsBy.get("popular")).toEqual(new Set(["trending"]));
    expect(reasonsBy.get("control")).toContain("also_viewed");
  });

  it("still reads in two round trips: the impression is written alongside the second read", async () => {
    const lists = listDeps(t.db, t.config.tableName);
    const meter = meterRequests(t.db);
    // A process that served before (a new one also loads the catalog projection, in the same round trips).
    await recommendForCustomer(as("crowd-1"), forYouQuerySchema.parse({ customerId: "me" }), lists);
    meter.reset();
    const list = await recommendForCustomer(
      as("crowd-1"),
      forYouQuerySchema.parse({ customerId: "me" }),
      lists,
    );
    expect(list.experimentId).toBe(experimentId);
    expect(meter.counts.roundTrips).toBe(2);
    expect(meter.counts.requests).toEqual({ BatchGetItemCommand: 2, BatchWriteItemCommand: 1 });
  });
});

describe("attribution", () => {
  it("counts each tagged response once, and each response's click and conversion once, under duplicates and replay", async () => {
    const xid = `${experimentId}-attr`.slice(0, 40);
    await putExperiment(admin, experimentId, definition("stopped"), deps());
    await putExperiment(admin, xid, definition("running"), deps());
    const served = [];
    for (let i = 0; i < 6; i++) served.push({ customer: `buyer-${i}`, list: await forYou(`buyer-${i}`) });
    const events: KindredEvent[] = [];
    for (const [i, { customer, list }] of served.entries()) {
      const recommendationId = list.recommendationId;
      if (i < 4) events.push(event(customer, "mat", { type: "click", recommendationId }));
      if (i < 4) events.push(event(customer, "mat", { type: "click", recommendationId })); // a second click
      if (i < 2) events.push(event(customer, "mat", { type: "add_to_cart", recommendationId }));
      if (i < 1) events.push(event(customer, "mat", { type: "purchase", recommendationId }));
    }
    // A recommendation id nobody served: it names the experiment but has no impression behind it.
    events.push(
      event("forger", "mat", {
        type: "click",
        recommendationId: `00000000-0000-0000-0000-000000000000~${xid}~control`,
      }),
    );
    const duplicate = events[0];
    const records = await deliver([...events, ...(duplicate ? [duplicate] : [])], 3);
    await deliverAll(records, 5, consumerDeps(t.db, t.config.tableName)); // the whole stream again

    const results = await experimentResults(admin, xid, deps());
    const total = (key: "impressions" | "clicks" | "conversions") =>
      results.variants.reduce((s, v) => s + v[key], 0);
    expect(total("impressions")).toBe(6);
    expect(total("clicks")).toBe(4);
    expect(total("conversions")).toBe(2);
    const byVariant = new Map(results.variants.map((v) => [v.name, v]));
    for (const { list } of served)
      expect(byVariant.get(String(list.variant))?.impressions).toBeGreaterThan(0);
    expect(results.variants[0]).toMatchObject({ lift: null, ci95: null, pValue: null });
    expect(results.conclusive).toBe(false);
  });

  it("stops tagging at once when the experiment is stopped, and says 404 for an unknown experiment", async () => {
    const xid = `${experimentId}-attr`.slice(0, 40);
    await putExperiment(admin, xid, definition("stopped"), deps());
    const list = await forYou("late-shopper");
    expect(list.experimentId).toBeUndefined();
    expect(list.recommendationId).not.toContain("~");
    await expect(experimentResults(admin, "no-such-experiment", deps())).rejects.toBeInstanceOf(NotFound);
  });
});
