import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoExperimentStore } from "../../../lib/data/experiment-store.js";
import { cellShardOf, MAX_OFFERS_PER_CELL_ROW } from "../../../lib/data/offer-store.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { Conflict, Forbidden, NotFound } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { experimentRequestSchema } from "../../../lib/schemas/experiment.js";
import {
  customerOffersQuerySchema,
  type Offer,
  offerSchema,
  putOffersRequestSchema,
} from "../../../lib/schemas/offer.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";
import { customerOffers } from "../../../lib/usecases/customer-offers.js";
import { experimentResults, putExperiment } from "../../../lib/usecases/experiments.js";
import { deleteOffer, getOffer, putOffers } from "../../../lib/usecases/offers-admin.js";
import { setPreferences } from "../../../lib/usecases/set-preferences.js";
import { consumerDeps, deliverAll, FIXED_NOW, testApp, toRecords } from "../../support/consumer-harness.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("of");
const id = (name: string) => `${run}-${name}`;
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const as = (name: string): Principal => ({ subject: id(name), scopes: new Set(["customer"]) });
const BERLIN = { lat: 52.520008, lon: 13.404954 };
const ALEX = { lat: 52.521918, lon: 13.413215 }; // Alexanderplatz, ~600 m from BERLIN
const MUNICH = { lat: 48.137154, lon: 11.576124 };
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

const offer = (name: string, overrides: Partial<Record<string, unknown>> = {}): Offer =>
  offerSchema.parse({
    offerId: id(name),
    title: `Offer ${name}`,
    location: BERLIN,
    radiusM: 2000,
    validFrom: iso(FIXED_NOW - DAY),
    validUntil: iso(FIXED_NOW + DAY),
    ...overrides,
  });
const store = () => testApp(t.db, t.config.tableName).offersAdmin;
const deps = () => testApp(t.db, t.config.tableName).customerOffers;
const offersFor = (name: string, query: Record<string, unknown> = {}) =>
  customerOffers(as(name), customerOffersQuerySchema.parse({ customerId: "me", ...query }), deps());
const ids = (r: { offers: { offerId: string }[] }) => r.offers.map((o) => o.offerId).sort();
let shard = 0;
async function deliver(events: KindredEvent[]) {
  const records = toRecords(events, `shardId-${String(shard++).padStart(12, "0")}`);
  await deliverAll(records, 50, consumerDeps(t.db, t.config.tableName));
  return records;
}
let n = 0;
const event = (name: string, extra: Partial<KindredEvent>): KindredEvent => ({
  eventId: `${run}-${n++}`,
  type: "view",
  customerId: id(name),
  timestamp: iso(FIXED_NOW - 60_000),
  channel: "app",
  context: { country: "DE" },
  ...extra,
});

let meter: ReturnType<typeof meterRequests>;
beforeAll(async () => {
  t = await startTestStores();
  meter = meterRequests(t.db);
  await putOffers(
    admin,
    [
      offer("coffee", { categories: ["food/coffee"], priority: 10 }),
      offer("beer", { categories: ["food/beer"], audience: "returning" }),
      offer("first-order", { audience: "new", location: ALEX }),
      offer("french-only", { countries: ["FR"] }),
      offer("expired", { validFrom: iso(FIXED_NOW - 3 * DAY), validUntil: iso(FIXED_NOW - DAY) }),
      offer("capped", { maxPerCustomer: 1 }),
      offer("munich", { location: MUNICH }),
    ],
    store(),
  );
});
afterAll(async () => {
  await t.stores.close();
});

describe("defining offers", () => {
  it("names each invalid field", () => {
    const paths = (o: Record<string, unknown>) =>
      putOffersRequestSchema.safeParse({ offers: [o] }).error?.issues.map((i) => i.path.join("."));
    const base = {
      offerId: "o",
      title: "t",
      location: BERLIN,
      radiusM: 100,
      validFrom: iso(FIXED_NOW),
      validUntil: iso(FIXED_NOW + DAY),
    };
    expect(paths({ ...base, location: { lat: 91, lon: 0 } })).toEqual(["offers.0.location.lat"]);
    expect(paths({ ...base, radiusM: 0 })).toEqual(["offers.0.radiusM"]);
    expect(paths({ ...base, radiusM: 5_000_000 })).toEqual(["offers.0.radiusM"]);
    expect(paths({ ...base, validUntil: base.validFrom })).toEqual(["offers.0.validUntil"]);
    expect(paths({ ...base, colour: "red" })).toEqual(["offers.0"]);
  });

  it("is for admins; an offer can be read back, moved and deleted", async () => {
    await expect(putOffers(as("x"), [offer("nope")], store())).rejects.toBeInstanceOf(Forbidden);
    await putOffers(admin, [offer("mover")], store());
    expect((await offersFor("mover-fan", { ...BERLIN, limit: 100 })).offers.map((o) => o.offerId)).toContain(
      id("mover"),
    );
    await putOffers(admin, [offer("mover", { location: MUNICH })], store());
    expect(ids(await offersFor("mover-fan", { ...BERLIN, limit: 100 }))).not.toContain(id("mover"));
    expect((await getOffer(admin, id("mover"), store())).location).toEqual(MUNICH);
    await deleteOffer(admin, id("mover"), store());
    expect(ids(await offersFor("mover-fan", { ...MUNICH, limit: 100 }))).not.toContain(id("mover"));
    await expect(getOffer(admin, id("mover"), store())).rejects.toBeInstanceOf(NotFound);
  });
});

describe("offers where the customer is", () => {
  it("lists offers whose area contains the point and that are allowed for the customer, nearest and most relevant first", async () => {
    await deliver([event("newbie", { itemId: "x" })]);
    const result = await offersFor("newbie", ALEX);
    expect(ids(result)).toEqual([id("capped"), id("coffee"), id("first-order")].sort());
    expect(result.offers[0]?.offerId).toBe(id("first-order")); // right there, at Alexanderplatz
    for (const o of result.offers) {
      expect(o.distanceM).toBeGreaterThanOrEqual(0);
      expect(o.reasons).toContainEqual({ type: "nearby" });
    }
    expect(ids(await offersFor("newbie", MUNICH))).toEqual([id("munich")]);
  });

  it("counts redemptions once each, even replayed, and stops at the cap; shows 'returning' offers after a purchase", async () => {
    const records = await deliver([
      event("regular", { type: "purchase", itemId: "x" }),
      event("regular", { type: "offer_redeemed", offerId: id("capped") }),
    ]);
    await deliverAll(records, 1, consumerDeps(t.db, t.config.tableName));
    const result = ids(await offersFor("regular", BERLIN));
    expect(result).toContain(id("beer"));
    expect(result).not.toContain(id("capped"));
    expect(result).not.toContain(id("first-order"));
    const profile = await new DynamoProfileStore(t.db, t.config.tableName).loadProfile(id("regular"));
    expect(profile?.state.offers?.redeemed).toEqual({
      [id("capped")]: { times: 1, until: expect.any(Number) },
    });
  });

  it("counts redemptions only of offers that exist: made-up offer ids never grow the profile", async () => {
    const madeUp = Array.from({ length: 300 }, (_, i) =>
      event("forger", { type: "offer_redeemed", offerId: `${"x".repeat(120)}-${i}` }),
    );
    await deliver(madeUp);
    const profile = await new DynamoProfileStore(t.db, t.config.tableName).loadProfile(id("forger"));
    expect(profile?.state.eventCount).toBe(300);
    expect(profile?.state.offers?.redeemed ?? {}).toEqual({});
  });

  it("counts a redemption toward the cap even while the customer has personalization switched off", async () => {
    const profiles = new DynamoProfileStore(t.db, t.config.tableName);
    await setPreferences(
      as("private"),
      "me",
      { ...DEFAULT_PREFERENCES, personalization: false },
      { profiles, now: () => FIXED_NOW - DAY },
    );
    await deliver([event("private", { type: "offer_redeemed", offerId: id("capped") })]);
    expect((await profiles.loadProfile(id("private")))?.state.offers?.redeemed).toEqual({
      [id("capped")]: { times: 1, until: expect.any(Number) },
    });
    expect(ids(await offersFor("private", BERLIN))).not.toContain(id("capped"));
  });

  it("leaves out a blocked category, and gives an empty list without a point or consent", async () => {
    await setPreferences(
      as("vegan"),
      "me",
      { ...DEFAULT_PREFERENCES, blockedCategories: ["food"] },
      testApp(t.db, t.config.tableName).customers,
    );
    expect(ids(await offersFor("vegan", BERLIN))).not.toContain(id("coffee"));
    expect((await offersFor("vegan")).offers).toEqual([]);
  });

  it("reads the store in at most two round trips", async () => {
    meter.reset();
    await offersFor("regular", BERLIN);
    expect(meter.counts.roundTrips).toBeLessThanOrEqual(2);
  });
});

describe("real-time trigger", () => {
  it("adds offers around a consenting customer's location event to their list, once, without keeping the point", async () => {
    const profiles = new DynamoProfileStore(t.db, t.config.tableName);
    await setPreferences(
      as("walker"),
      "me",
      { ...DEFAULT_PREFERENCES, locationConsent: true },
      { profiles, now: () => FIXED_NOW - DAY },
    );
    await deliver([
      event("walker", { type: "location", location: ALEX }),
      event("walker", { type: "location", location: ALEX }),
    ]);
    const state = (await profiles.loadProfile(id("walker")))?.state;
    expect(Object.keys(state?.offers?.triggered ?? {}).sort()).toEqual(
      [id("capped"), id("coffee"), id("first-order")].sort(),
    );
    // Without a point: the triggered offers, and those around the consented coarse location.
    expect(ids(await offersFor("walker"))).toEqual(expect.arrayContaining([id("coffee"), id("first-order")]));
    const doc = JSON.stringify(state);
    expect(doc).not.toMatch(/52\.52|13\.41|13\.40/);

    await deliver([event("stranger", { type: "location", location: ALEX })]);
    expect((await profiles.loadProfile(id("stranger")))?.state.offers).toBeUndefined();
    expect((await offersFor("stranger")).offers).toEqual([]);
  });
});

describe("a dense city centre", () => {
  it("keeps thousands of offers in one cell without any row outgrowing its bound", async () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      offer(`dense-${i}`, {
        location: { lat: 48.8566 + (i % 40) * 0.0001, lon: 2.3522 + Math.floor(i / 40) * 0.0001 },
        radiusM: 300,
      }),
    );
    for (let i = 0; i < many.length; i += 500) await putOffers(admin, many.slice(i, i + 500), store());
    const rows = await t.db.send(
      new ScanCommand({
        TableName: t.config.tableName,
        FilterExpression: "begins_with(pk, :p)",
        ExpressionAttributeValues: { ":p": "CELL#" },
      }),
    );
    let largest = 0;
    for (const row of rows.Items ?? []) {
      const doc = row.doc as Uint8Array;
      largest = Math.max(largest, doc.byteLength);
      expect(Object.keys(JSON.parse(Buffer.from(doc).toString("utf8"))).length).toBeLessThanOrEqual(
        MAX_OFFERS_PER_CELL_ROW,
      );
    }
    expect(largest).toBeLessThan(400 * 1024);
    meter.reset();
    const result = await offersFor("tourist", { lat: 48.8576, lon: 2.3532, limit: 5 });
    expect(result.offers).toHaveLength(5);
    expect(meter.counts.roundTrips).toBeLessThanOrEqual(2);
  });
});

describe("a cell of very large offers", () => {
  it("refuses, before writing anything, a request that would grow a cell row past its size bound", async () => {
    const maximal = (n: number) =>
      offer(`big-${n}`, {
        title: "T".repeat(200),
        categories: Array.from({ length: 20 }, (_, k) => `c${k}/`.padEnd(200, "x")),
        location: { lat: 40.4168, lon: -3.7038 },
        radiusM: 1000,
      });
    // Offers that land in one shard row of the cell.
    const sameRow: Offer[] = [];
    for (let n = 0; sameRow.length < 90; n++) {
      const o = maximal(n);
      if (cellShardOf(o.offerId) === 0) sameRow.push(o);
    }
    await putOffers(admin, sameRow.slice(0, 50), store());
    await expect(putOffers(admin, sameRow.slice(50), store())).rejects.toBeInstanceOf(Conflict);
    await expect(getOffer(admin, sameRow[60]?.offerId ?? "", store())).rejects.toBeInstanceOf(NotFound);
    const near = await offersFor("madrid", { lat: 40.4168, lon: -3.7038, limit: 100 });
    expect(near.offers.map((o) => o.offerId)).not.toContain(sameRow[60]?.offerId);
    expect(near.offers).toHaveLength(50);
  });
});

describe("an experiment on the offers placement", () => {
  it("tags offer lists, ranks them by the variant's offer weights, and counts a redemption as a conversion", async () => {
    const experiments = new DynamoExperimentStore(t.db, t.config.tableName);
    const definition = experimentRequestSchema.parse({
      placement: "offers",
      status: "running",
      variants: [
        { name: "control", weight: 1, strategy: {} },
        {
          name: "by-priority",
          weight: 1,
          strategy: { offerWeights: { nearness: 0, affinity: 0, priority: 1 } },
        },
      ],
    });
    await putExperiment(admin, "offer-ranking", definition, { experiments, now: () => FIXED_NOW });
    const lists = await Promise.all(
      ["a", "b", "c", "d", "e", "f"].map(async (s) => ({ s, list: await offersFor(`shopper-${s}`, BERLIN) })),
    );
    for (const { list } of lists) expect(list.experimentId).toBe("offer-ranking");
    const byPriority = lists.find(({ list }) => list.variant === "by-priority");
    // Coffee has the highest priority of the offers around that point.
    if (byPriority) expect(byPriority.list.offers[0]?.offerId).toBe(id("coffee"));

    const { s, list } = lists[0] as (typeof lists)[number];
    await deliver([
      event(`shopper-${s}`, {
        type: "offer_redeemed",
        offerId: id("coffee"),
        recommendationId: list.recommendationId,
      }),
    ]);
    const results = await experimentResults(admin, "offer-ranking", { experiments, now: () => FIXED_NOW });
    expect(results.variants.reduce((sum, v) => sum + v.impressions, 0)).toBe(6);
    expect(results.variants.find((v) => v.name === list.variant)?.conversions).toBe(1);
    await putExperiment(
      admin,
      "offer-ranking",
      { ...definition, status: "stopped" },
      { experiments, now: () => FIXED_NOW },
    );
  });
});
