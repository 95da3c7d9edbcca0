import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { Forbidden } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { experimentRequestSchema } from "../../../lib/schemas/experiment.js";
import { nextMessageRequestSchema, nextMessagesRequestSchema } from "../../../lib/schemas/messages.js";
import { experimentResults, putExperiment } from "../../../lib/usecases/experiments.js";
import { nextMessage } from "../../../lib/usecases/next-message.js";
import type { CampaignDeps } from "../../../lib/usecases/next-messages.js";
import { nextMessages } from "../../../lib/usecases/next-messages.js";
import { consumerDeps, deliverAll, FIXED_NOW, testApp, toRecords } from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
let deps: CampaignDeps;
let meter: ReturnType<typeof meterRequests>;
const run = uniqueId("msg");
const id = (name: string) => `${run}-${name}`;
const ingest: Principal = { subject: "campaigns", scopes: new Set(["ingest"]) };
const asCustomer = (name: string): Principal => ({ subject: id(name), scopes: new Set(["customer"]) });

let n = 0;
const event = (customer: string, extra: Partial<KindredEvent>): KindredEvent => ({
  eventId: `${run}-${n++}`,
  type: "view",
  customerId: id(customer),
  timestamp: new Date(FIXED_NOW - 3_600_000 + n * 1000).toISOString(),
  channel: "web",
  ...extra,
});
const sent = (customer: string, messageId: string): KindredEvent =>
  event(customer, { type: "message_sent", messageId, variantId: "v", messageChannel: "email" });

let shard = 0;
async function deliver(events: KindredEvent[]) {
  const shardId = `shardId-${String(shard++).padStart(12, "0")}`;
  await deliverAll(toRecords(events, shardId), 50, consumerDeps(t.db, t.config.tableName));
  return toRecords(events, shardId);
}

const reminder = nextMessageRequestSchema.parse({
  channel: "email",
  messages: [
    {
      messageId: "reminder",
      purpose: "transactional",
      variants: [
        { variantId: "first", sendNumber: 1 },
        { variantId: "second", sendNumber: 2 },
        { variantId: "later" },
      ],
    },
  ],
  fill: { source: "recommendations", limit: 3 },
});

beforeAll(async () => {
  t = await startTestStores();
  meter = meterRequests(t.db);
  deps = testApp(t.db, t.config.tableName).messages;
  const items = ["tent", "mat", "stove", "lamp"].map((name) => ({
    itemId: id(name),
    categories: [`camping/${name}`],
    available: true,
  }));
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(items);
  await deliver([
    ...["tent", "mat", "stove", "lamp"].map((name) => event("crowd", { itemId: id(name) })),
    event("ann", { itemId: id("tent") }),
  ]);
});
afterAll(async () => {
  await t.stores.close();
});

describe("the next message for one customer", () => {
  it("counts a send exactly once however often it is delivered, for sendNumber", async () => {
    const records = await deliver([sent("ann", "reminder")]);
    await deliverAll(records, 50, consumerDeps(t.db, t.config.tableName));
    const d = await nextMessage(ingest, id("ann"), reminder, deps);
    expect(d).toMatchObject({ decision: "send", messageId: "reminder", variantId: "second" });
  });

  it("decides and fills in at most two round trips, reading with BatchGetItem only", async () => {
    for (const source of ["recommendations", "offers"] as const) {
      meter.reset();
      const d = await nextMessage(asCustomer("ann"), "me", { ...reminder, fill: { source, limit: 3 } }, deps);
      expect(d.decision).toBe("send");
      expect(meter.counts.roundTrips, source).toBeLessThanOrEqual(2);
      expect(Object.keys(meter.counts.requests), source).toEqual(["BatchGetItemCommand"]);
    }
    meter.reset();
    const { fill: _, ...bare } = reminder;
    await nextMessage(asCustomer("ann"), "me", bare, deps);
    expect(meter.counts.roundTrips).toBe(1);
  });

  it("fills with the for-you list, leaving out what the customer already saw", async () => {
    const d = await nextMessage(ingest, id("ann"), reminder, deps);
    const ids = d.items?.map((i) => i.itemId) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(id("tent"));
    expect(d.personalized).toBe(true);
  });

  it("never decides for another customer's token", async () => {
    await expect(nextMessage(asCustomer("bob"), id("ann"), reminder, deps)).rejects.toBeInstanceOf(Forbidden);
    await expect(
      nextMessages(asCustomer("ann"), { ...reminder, customerIds: [id("ann")] }, deps),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("the next message for many customers", () => {
  it("decides for each in order, reading profiles in batches of 100, in one round trip", async () => {
    const customerIds = Array.from({ length: 250 }, (_, i) => id(`c${i}`));
    customerIds.push(id("ann"));
    const { fill: _, ...bare } = reminder;
    const body = nextMessagesRequestSchema.parse({ ...bare, customerIds });
    meter.reset();
    const { decisions } = await nextMessages(ingest, body, deps);
    expect(decisions.map((d) => d.customerId)).toEqual(customerIds);
    expect(decisions.at(-1)).toMatchObject({ variantId: "second" });
    expect(decisions[0]).toMatchObject({ variantId: "first", decision: "send" });
    expect(new Set(decisions.map((d) => d.recommendationId)).size).toBe(customerIds.length);
    expect(meter.counts.requests).toEqual({ BatchGetItemCommand: 4 });
    expect(meter.counts.roundTrips).toBe(1);
  });

  it("fills each send in the batch, and tags every decision of a running experiment with one impression", async () => {
    const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
    const experiments = testApp(t.db, t.config.tableName).experimentsAdmin;
    const experiment = experimentRequestSchema.parse({
      placement: "messages",
      status: "running",
      variants: [
        { name: "control", weight: 1, strategy: {} },
        { name: "offers", weight: 1, strategy: { messageFill: "offers" } },
      ],
    });
    await putExperiment(admin, `${run}-x`.slice(0, 40), experiment, experiments);
    const customerIds = [id("ann"), id("c1"), id("c2"), id("c3")];
    // A customer named twice is one impression; so a batch cannot weigh one customer more than another.
    const { decisions } = await nextMessages(
      ingest,
      nextMessagesRequestSchema.parse({ ...reminder, customerIds: [...customerIds, id("c1")] }),
      deps,
    );
    for (const d of decisions) {
      expect(d).toMatchObject({ decision: "send", experimentId: `${run}-x`.slice(0, 40) });
      expect(d.variant === "offers" ? d.offers : d.items).toEqual(expect.any(Array));
    }
    const results = await experimentResults(admin, `${run}-x`.slice(0, 40), experiments);
    expect(results.variants.reduce((sum, v) => sum + v.impressions, 0)).toBe(customerIds.length);
    await putExperiment(admin, `${run}-x`.slice(0, 40), { ...experiment, status: "stopped" }, experiments);
  });

  it("refuses a batch whose decisions would not fit in one response, saying how many would", async () => {
    const long = (label: string, n: number) => `${label}-${n}-`.padEnd(128, "x");
    const messages = Array.from({ length: 20 }, (_, m) => ({
      messageId: long("message", m),
      purpose: "marketing",
      // No customer here has a known country: no variant fits, and every decision lists why, per message.
      variants: Array.from({ length: 20 }, (_, v) => ({ variantId: long("variant", v), countries: ["ZZ"] })),
    }));
    const customerIds = Array.from({ length: 1000 }, (_, c) => long(id("big"), c).slice(0, 128));
    const request = nextMessagesRequestSchema.parse({ channel: "email", messages, customerIds });
    await expect(nextMessages(ingest, request, deps)).rejects.toMatchObject({
      issues: [{ path: "customerIds", message: expect.stringMatching(/send at most about \d+ per request/) }],
    });
  });
});
