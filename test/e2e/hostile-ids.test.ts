import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

/** Strings that name members of every JavaScript object, or look like structure: each is only data here. */
const HOSTILE = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "a#b",
  "../x",
  "\u0001x",
  "\u0001__proto__",
  "\u0001\u0001",
  "x\u0001",
];
const enc = encodeURIComponent;
/** What every object inherits, before the server runs (it runs in this process). */
const INHERITED = Object.getOwnPropertyNames(Object.prototype).sort();

watchLogs();
let api: Client;
let admin: string;
let till: string;

beforeAll(async () => {
  api = await startStack();
  [admin, till] = await Promise.all([api.token("ops", "admin"), api.token("till", "ingest")]);
});
afterAll(async () => {
  await api.kindred.close();
});

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const BERLIN = { lat: 52.52, lon: 13.405 };
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe("any string a caller chooses is data, never structure", () => {
  it("serves every route for ids, categories, brands, tags and offers named like object members", async () => {
    const items = HOSTILE.map((id) => ({
      itemId: id,
      categories: [`${id === "../x" ? "x" : id}/constructor`],
      brand: "__proto__",
      tags: ["constructor", "toString"],
      price: 20,
    }));
    expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
    const offers = HOSTILE.map((offerId) => ({
      offerId,
      title: "A hostile offer",
      location: BERLIN,
      radiusM: 500,
      validFrom: at(60),
      validUntil: inAnHour(),
      categories: ["constructor"],
      maxPerCustomer: 1,
    }));
    expect((await api.request("PUT", "/v1/offers", { token: admin, body: { offers } })).status).toBe(200);

    for (const customerId of HOSTILE) {
      const prefs = await api.request("PUT", `/v1/customers/${enc(customerId)}/preferences`, {
        token: admin,
        body: { personalization: true, blockedCategories: [], locationConsent: true },
      });
      expect(prefs.status, customerId).toBe(200);
    }
    // Every customer views every item in one session, buys two, is shown all, redeems an offer and is located.
    const events = HOSTILE.flatMap((customerId, c) => [
      ...HOSTILE.map((itemId, i) => ({
        eventId: `${itemId}-view`,
        type: "view",
        customerId,
        itemId,
        timestamp: at(600 - i),
        context: { country: "DE" },
      })),
      { eventId: "buy-1", type: "purchase", customerId, itemId: HOSTILE[c], timestamp: at(100) },
      { eventId: "buy-2", type: "purchase", customerId, itemId: "__proto__", timestamp: at(99) },
      { eventId: "shown", type: "impression", customerId, itemIds: HOSTILE, timestamp: at(90) },
      { eventId: "redeemed", type: "offer_redeemed", customerId, offerId: "__proto__", timestamp: at(80) },
      { eventId: "here", type: "location", customerId, location: BERLIN, timestamp: at(70) },
    ]);
    const sent = await api.request("POST", "/v1/events", { token: till, body: { events } });
    expect(sent.body).toMatchObject({ accepted: events.length, rejected: [], failed: [] });

    await expect
      .poll(async () => (await api.request("GET", `/v1/trending?limit=20`, { token: admin })).body.items, {
        timeout: 15_000,
      })
      .toHaveLength(HOSTILE.length);
    const trending = (await api.request("GET", `/v1/trending?limit=20`, { token: admin })).body.items as {
      itemId: string;
    }[];
    expect(trending.map((i) => i.itemId).sort()).toEqual([...HOSTILE].sort());
    await expect
      .poll(
        async () =>
          ((await api.request("GET", "/v1/items/__proto__/also-viewed?limit=20", { token: admin })).body
            .items as { itemId: string }[]) ?? [],
        { timeout: 15_000 },
      )
      .toHaveLength(HOSTILE.length - 1);

    for (const customerId of HOSTILE) {
      const path = `/v1/customers/${enc(customerId)}`;
      await expect
        .poll(async () => (await api.request("GET", `${path}/profile`, { token: admin })).body, {
          timeout: 15_000,
        })
        .toMatchObject({
          customerId,
          affinities: expect.arrayContaining([expect.objectContaining({ feature: "brand:__proto__" })]),
        });
      const profile = (await api.request("GET", `${path}/profile`, { token: admin })).body as {
        recentItems: { itemId: string }[];
      };
      expect([...new Set(profile.recentItems.map((r) => r.itemId))].sort(), customerId).toEqual(
        [...HOSTILE].sort(),
      );
      const forYou = await api.request("GET", `${path}/recommendations?limit=20`, { token: admin });
      expect(forYou.status, customerId).toBe(200);
      const bought = new Set([customerId === "../x" ? "../x" : customerId, "__proto__"]);
      for (const item of forYou.body.items as { itemId: string }[])
        expect(bought.has(item.itemId)).toBe(false);
      const ranked = await api.request("POST", `${path}/rank`, {
        token: admin,
        body: {
          items: [...HOSTILE.map((itemId) => ({ itemId })), { itemId: "prototype", tags: ["valueOf"] }],
        },
      });
      expect(ranked.status, customerId).toBe(200);
      const offersHere = await api.request(
        "GET",
        `${path}/offers?lat=${BERLIN.lat}&lon=${BERLIN.lon}&limit=20`,
        { token: admin },
      );
      expect(offersHere.status, customerId).toBe(200);
      // The redeemed offer reached its cap of one; every other offer is there.
      expect((offersHere.body.offers as { offerId: string }[]).map((o) => o.offerId).sort()).toEqual(
        HOSTILE.filter((id) => id !== "__proto__").sort(),
      );
    }
    for (const itemId of HOSTILE) {
      const item = await api.request("GET", `/v1/items/${enc(itemId)}`, { token: admin });
      expect(item.body.itemId).toBe(itemId);
      const bought = await api.request("GET", `/v1/items/${enc(itemId)}/bought-together`, { token: admin });
      expect(bought.status).toBe(200);
      expect((await api.request("GET", `/v1/offers/${enc(itemId)}`, { token: admin })).status).toBe(200);
    }
    const erased = await api.request("DELETE", "/v1/customers/__proto__", { token: admin });
    expect(erased.status).toBe(202);
    expect((await api.request("GET", "/v1/customers/__proto__/profile", { token: admin })).status).toBe(404);
    expect((await api.request("DELETE", "/v1/offers/constructor", { token: admin })).status).toBe(204);
    expect((await api.request("DELETE", "/v1/items/toString", { token: admin })).status).toBe(204);

    // Nothing leaked into the prototype every object shares (the server runs in this process).
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(INHERITED);
    const probe: Record<string, unknown> = {};
    for (const key of ["short", "0", "1", "count", "at", "until", "itemId"])
      expect(probe[key]).toBeUndefined();
    expect((await api.request("GET", "/v1/health")).status).toBe(200);
  });
});
