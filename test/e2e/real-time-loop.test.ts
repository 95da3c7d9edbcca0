import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack, TEST_SECRET } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

watchLogs();
let api: Client;
let admin: string;
let alice: string;
let till: string;

const now = () => new Date().toISOString();
const ITEMS = [
  { itemId: "shoe-1", title: "Trail Runner", categories: ["shoes/trail"], brand: "Northpeak", price: 139 },
  { itemId: "tent-1", title: "Ultralight Tent", categories: ["camping/tents"], brand: "Alpina", price: 449 },
];

beforeAll(async () => {
  api = await startStack();
  [admin, alice, till] = await Promise.all([
    api.token("admin-1", "admin"),
    api.token("alice", "customer"),
    api.token("till-9", "ingest"),
  ]);
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items: ITEMS } })).status).toBe(200);
});
afterAll(async () => {
  await api.kindred.close();
});

describe("operations routes", () => {
  it("answers health without a token", async () => {
    const res = await api.request("GET", "/v1/health");
    expect(res).toMatchObject({ status: 200, body: { status: "ok", version: expect.any(String) } });
  });

  it("describes every route in an OpenAPI 3.1 document built from the validating schemas", async () => {
    const res = await api.request("GET", "/v1/openapi.json");
    expect(res.body.openapi).toBe("3.1.0");
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        "/v1/events",
        "/v1/items",
        "/v1/items/{itemId}",
        "/v1/customers/{customerId}/profile",
      ]),
    );
    const eventsBody = JSON.stringify(paths["/v1/events"]?.post?.requestBody);
    expect(eventsBody).toContain('"maxItems":500');
    // Events are a named schema that generated clients share.
    expect(eventsBody).toContain('"$ref":"#/components/schemas/Event"');
    const components = res.body.components as { schemas: Record<string, unknown> };
    expect(JSON.stringify(components.schemas.Event)).toContain("offer_redeemed");
  });
});

describe("tokens", () => {
  it("says 401 as problem+json without a token, with a forged one, or with an expired one", async () => {
    const forged = await new SignJWT({ scope: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("mallory")
      .setIssuer("kindred-local")
      .setAudience("kindred")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-secret-not-the-secret-not"));
    const expired = await new SignJWT({ scope: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("admin")
      .setIssuer("kindred-local")
      .setAudience("kindred")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(TEST_SECRET));
    for (const token of [undefined, forged, expired, "not-a-jwt"]) {
      const res = await api.request("GET", "/v1/customers/me/profile", token ? { token } : {});
      expect(res.status).toBe(401);
      expect(res.contentType).toBe("application/problem+json");
    }
  });

  it("says 403, never the data, when a customer token names another customer", async () => {
    const res = await api.request("GET", "/v1/customers/bob/profile", { token: alice });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, title: "Forbidden" });
    expect(JSON.stringify(res.body)).not.toContain("affinities");
  });

  it("keeps the catalog to admins", async () => {
    expect((await api.request("GET", "/v1/items/shoe-1", { token: alice })).status).toBe(403);
    expect((await api.request("PUT", "/v1/items", { token: till, body: { items: ITEMS } })).status).toBe(403);
  });
});

describe("from an event to a profile", () => {
  it("learns from a customer's own events and shows it in their profile", async () => {
    const sent = await api.request("POST", "/v1/events", {
      token: alice,
      body: {
        events: [
          {
            eventId: "a-1",
            type: "view",
            customerId: "alice",
            itemId: "shoe-1",
            timestamp: now(),
            channel: "app",
          },
          {
            eventId: "a-2",
            type: "purchase",
            customerId: "alice",
            itemId: "shoe-1",
            timestamp: now(),
            value: 139,
          },
          {
            eventId: "a-3",
            type: "rate",
            customerId: "alice",
            itemId: "shoe-1",
            timestamp: now(),
            value: 11,
          },
        ],
      },
    });
    expect(sent).toMatchObject({ status: 202, body: { accepted: 2, failed: [] } });
    expect(sent.body.rejected).toEqual([
      { index: 2, errors: [{ path: "events.2.value", message: expect.any(String) }] },
    ]);

    // The background poller applies events as Lambda would: no explicit flush here.
    await expect
      .poll(async () => (await api.request("GET", "/v1/customers/me/profile", { token: alice })).body, {
        timeout: 10_000,
      })
      .toMatchObject({ customerId: "alice", eventCount: 2 });
    const profile = (await api.request("GET", "/v1/customers/me/profile", { token: alice })).body;
    expect(profile.affinities).toEqual(
      expect.arrayContaining([
        { feature: "category:shoes/trail", weight: expect.any(Number) },
        { feature: "brand:northpeak", weight: expect.any(Number) },
      ]),
    );
    expect(profile.purchases).toEqual([{ itemId: "shoe-1", at: expect.any(String) }]);
    expect(profile.channels).toEqual(
      expect.arrayContaining([expect.objectContaining({ channel: "app", events: 1 })]),
    );
  });

  it("does not count a retried request twice", async () => {
    const events = [
      { eventId: "r-1", type: "view", customerId: "carol", itemId: "tent-1", timestamp: now() },
    ];
    await api.request("POST", "/v1/events", { token: till, body: { events } });
    await api.request("POST", "/v1/events", { token: till, body: { events } });
    await api.kindred.poller.drain();
    const profile = await api.request("GET", "/v1/customers/carol/profile", { token: admin });
    expect(profile.body).toMatchObject({ eventCount: 1, recentItems: [{ itemId: "tent-1", type: "view" }] });
  });

  it("says 404 for a customer nothing is known about", async () => {
    expect((await api.request("GET", "/v1/customers/nobody/profile", { token: admin })).status).toBe(404);
  });
});

describe("bad requests", () => {
  it("names the failing field when no event is valid", async () => {
    const res = await api.request("POST", "/v1/events", {
      token: till,
      body: { events: [{ eventId: "x", type: "view", customerId: "c", timestamp: "soon" }] },
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe("application/problem+json");
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
      "events.0.timestamp",
      "events.0.itemId",
    ]);
  });

  it("rejects a body that is not JSON, an empty batch and one of more than 500 events", async () => {
    const notJson = await api.request("POST", "/v1/events", { token: till, rawBody: "{nope" });
    expect(notJson).toMatchObject({ status: 400, body: { errors: [{ path: "(body)" }] } });
    const empty = await api.request("POST", "/v1/events", { token: till, body: { events: [] } });
    expect(empty).toMatchObject({ status: 400, body: { errors: [{ path: "events" }] } });
    const events = Array.from({ length: 501 }, (_, i) => ({
      eventId: `e${i}`,
      type: "view",
      customerId: "c",
      itemId: "i",
      timestamp: now(),
    }));
    expect((await api.request("POST", "/v1/events", { token: till, body: { events } })).status).toBe(400);
  });

  it("says 413 for a body over 1 MiB", async () => {
    const res = await api.request("POST", "/v1/events", {
      token: till,
      rawBody: JSON.stringify({ events: ["x".repeat(1_100_000)] }),
    });
    expect(res).toMatchObject({ status: 413, contentType: "application/problem+json" });
  });
});

describe("the catalog", () => {
  it("stores, returns and removes items", async () => {
    expect((await api.request("GET", "/v1/items/tent-1", { token: admin })).body).toMatchObject({
      itemId: "tent-1",
      categories: ["camping/tents"],
      available: true,
    });
    expect((await api.request("DELETE", "/v1/items/tent-1", { token: admin })).status).toBe(204);
    expect((await api.request("GET", "/v1/items/tent-1", { token: admin })).status).toBe(404);
    expect((await api.request("DELETE", "/v1/items/tent-1", { token: admin })).status).toBe(404);
  });

  it("names the failing field of an invalid item", async () => {
    const res = await api.request("PUT", "/v1/items", {
      token: admin,
      body: { items: [{ itemId: "x", categories: ["ok"], price: -1 }] },
    });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ path: "items.0.price" }] } });
  });
});
