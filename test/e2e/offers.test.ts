import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

watchLogs(["nina", "omar"]);
let api: Client;
let admin: string;
const HERMANNPLATZ = { lat: 52.4868, lon: 13.4246 };
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

beforeAll(async () => {
  api = await startStack();
  admin = await api.token("ops", "admin");
});
afterAll(async () => {
  await api.kindred.close();
});

describe("location-aware offers over HTTP", () => {
  it("are defined by admins, with every bad field named", async () => {
    const good = {
      offerId: "coffee-1",
      title: "Flat white for 2 EUR",
      location: HERMANNPLATZ,
      radiusM: 800,
      validFrom: iso(-60_000),
      validUntil: iso(86_400_000),
      categories: ["food/coffee"],
    };
    const bad = {
      offers: [{ ...good, location: { lat: 123, lon: 13 }, radiusM: -5, validUntil: iso(-120_000) }],
    };
    const res = await api.request("PUT", "/v1/offers", { token: admin, body: bad });
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(["offers.0.location.lat", "offers.0.radiusM", "offers.0.validUntil"]),
    );
    expect((await api.request("PUT", "/v1/offers", { token: admin, body: { offers: [good] } })).status).toBe(
      200,
    );
    expect((await api.request("GET", "/v1/offers/coffee-1", { token: admin })).body).toMatchObject({
      offerId: "coffee-1",
    });
    const nina = await api.token("nina", "customer");
    expect((await api.request("PUT", "/v1/offers", { token: nina, body: { offers: [good] } })).status).toBe(
      403,
    );
  });

  it("are found at a point, triggered by a consenting customer's location event, and gone once deleted", async () => {
    const nina = await api.token("nina", "customer");
    const here = await api.request(
      "GET",
      `/v1/customers/me/offers?lat=${HERMANNPLATZ.lat}&lon=${HERMANNPLATZ.lon}`,
      { token: nina },
    );
    expect(here.body.offers).toEqual([
      expect.objectContaining({ offerId: "coffee-1", distanceM: 0, reasons: [{ type: "nearby" }] }),
    ]);
    expect((await api.request("GET", "/v1/customers/me/offers?lat=95&lon=13", { token: nina })).status).toBe(
      400,
    );
    expect((await api.request("GET", "/v1/customers/me/offers", { token: nina })).body.offers).toEqual([]);

    const consent = { personalization: true, blockedCategories: [], locationConsent: true };
    expect(
      (await api.request("PUT", "/v1/customers/me/preferences", { token: nina, body: consent })).status,
    ).toBe(200);
    const walk = {
      eventId: "nina-walk-1",
      type: "location",
      customerId: "nina",
      location: { lat: 52.487, lon: 13.425 },
      timestamp: iso(0),
    };
    expect((await api.request("POST", "/v1/events", { token: nina, body: { events: [walk] } })).status).toBe(
      202,
    );
    await api.kindred.poller.drain();
    const triggered = await api.request("GET", "/v1/customers/me/offers", { token: nina });
    expect((triggered.body.offers as { offerId: string }[]).map((o) => o.offerId)).toEqual(["coffee-1"]);

    expect((await api.request("DELETE", "/v1/offers/coffee-1", { token: admin })).status).toBe(204);
    expect((await api.request("GET", "/v1/customers/me/offers", { token: nina })).body.offers).toEqual([]);
    expect((await api.request("GET", "/v1/offers/coffee-1", { token: admin })).status).toBe(404);
  });

  it("are found and triggered across the ±180° meridian, and at the poles", async () => {
    const fiji = {
      offerId: "dateline-1",
      title: "Kava on the date line",
      location: { lat: -16.8, lon: 179.99 },
      radiusM: 5_000,
      validFrom: iso(-60_000),
      validUntil: iso(86_400_000),
    };
    const pole = { ...fiji, offerId: "pole-1", title: "Polar coffee", location: { lat: 89.99, lon: 0 } };
    expect(
      (await api.request("PUT", "/v1/offers", { token: admin, body: { offers: [fiji, pole] } })).status,
    ).toBe(200);
    const omar = await api.token("omar", "customer");
    const at = async (lat: number, lon: number) =>
      (
        (await api.request("GET", `/v1/customers/me/offers?lat=${lat}&lon=${lon}`, { token: omar })).body
          .offers as { offerId: string }[]
      ).map((o) => o.offerId);
    expect(await at(-16.8, -179.995)).toEqual(["dateline-1"]);
    expect(await at(89.995, 120)).toEqual(["pole-1"]);

    const consent = { personalization: true, blockedCategories: [], locationConsent: true };
    await api.request("PUT", "/v1/customers/me/preferences", { token: omar, body: consent });
    const walk = {
      eventId: "omar-walk-1",
      type: "location",
      customerId: "omar",
      location: { lat: -16.8, lon: -179.995 },
      timestamp: iso(0),
    };
    expect((await api.request("POST", "/v1/events", { token: omar, body: { events: [walk] } })).status).toBe(
      202,
    );
    await api.kindred.poller.drain();
    const triggered = await api.request("GET", "/v1/customers/me/offers", { token: omar });
    expect((triggered.body.offers as { offerId: string }[]).map((o) => o.offerId)).toEqual(["dateline-1"]);
  });
});
