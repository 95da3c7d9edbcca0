import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

/**
 * Anonymous visitors over HTTP (contract, "Anonymous visitors"), and the CORS answers a web page needs to
 * call the local server from another origin.
 */
watchLogs();
let api: Client;
let admin: string;

interface VisitorBody {
  customerId: string;
  token: string;
  expiresAt: string;
}

const newVisitor = async () => {
  const res = await api.request("POST", "/v1/visitors");
  expect(res.status).toBe(201);
  return res.body as unknown as VisitorBody;
};

beforeAll(async () => {
  api = await startStack();
  admin = await api.token("ops", "admin");
  const items = [{ itemId: "mug-1", categories: ["kitchen/mugs"] }];
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
});
afterAll(async () => {
  await api.kindred.close();
});

describe("POST /v1/visitors", () => {
  it("gives a fresh anon- id with 128 random bits and a customer token for it that expires within 24 hours", async () => {
    const before = Date.now();
    const visitor = await newVisitor();
    expect(visitor.customerId).toMatch(/^anon-[A-Za-z0-9_-]{22}$/);
    const claims = decodeJwt(visitor.token);
    expect(claims).toMatchObject({ sub: visitor.customerId, scope: "customer" });
    expect(new Date(visitor.expiresAt).getTime()).toBe((claims.exp ?? 0) * 1000);
    expect(new Date(visitor.expiresAt).getTime()).toBeGreaterThan(before);
    expect(new Date(visitor.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    const ids = new Set([
      visitor.customerId,
      (await newVisitor()).customerId,
      (await newVisitor()).customerId,
    ]);
    expect(ids.size).toBe(3);
  });

  it("needs no token, ignores one it is given, and answers JSON with a request id", async () => {
    const res = await api.request("POST", "/v1/visitors", { token: admin });
    expect(res).toMatchObject({ status: 201, contentType: "application/json" });
    expect(res.requestId).toBeTruthy();
    expect(decodeJwt(String(res.body.token)).scope).toBe("customer");
  });

  it("hands out a token that sends the visitor's own events and reads its own profile and lists", async () => {
    const { customerId, token } = await newVisitor();
    const view = {
      eventId: "v-1",
      type: "view",
      customerId,
      itemId: "mug-1",
      timestamp: new Date().toISOString(),
    };
    const sent = await api.request("POST", "/v1/events", { token, body: { events: [view] } });
    expect(sent.body).toEqual({ accepted: 1, rejected: [], failed: [] });
    await api.kindred.poller.drain();
    const profile = await api.request("GET", "/v1/customers/me/profile", { token });
    expect(profile.body).toMatchObject({
      customerId,
      recentItems: [expect.objectContaining({ itemId: "mug-1" })],
    });
    expect((await api.request("GET", "/v1/customers/me/recommendations", { token })).status).toBe(200);
  });

  it("hands out a token that can touch no other customer and no admin route", async () => {
    const { token } = await newVisitor();
    const other = await newVisitor();
    expect((await api.request("GET", `/v1/customers/${other.customerId}/profile`, { token })).status).toBe(
      403,
    );
    const theirs = {
      eventId: "x-1",
      type: "view",
      customerId: other.customerId,
      itemId: "mug-1",
      timestamp: new Date().toISOString(),
    };
    expect((await api.request("POST", "/v1/events", { token, body: { events: [theirs] } })).status).toBe(403);
    expect((await api.request("GET", "/v1/items/mug-1", { token })).status).toBe(403);
  });

  it("lets no one take a visitor's history by knowing its id: identify needs that visitor's token", async () => {
    const victim = await newVisitor();
    const view = { eventId: "vv-1", type: "view", customerId: victim.customerId, itemId: "mug-1" };
    const at = new Date().toISOString();
    await api.request("POST", "/v1/events", {
      token: victim.token,
      body: { events: [{ ...view, timestamp: at }] },
    });
    await api.kindred.poller.drain();
    const thief = await newVisitor();
    const identify = (previousToken?: string) => ({
      eventId: `steal-${previousToken === undefined ? 0 : 1}`,
      type: "identify",
      customerId: thief.customerId,
      previousId: victim.customerId,
      timestamp: at,
      ...(previousToken === undefined ? {} : { previousToken }),
    });
    const stolen = await api.request("POST", "/v1/events", {
      token: thief.token,
      body: { events: [identify(), identify(thief.token)] },
    });
    expect(stolen.status).toBe(400);
    expect(JSON.stringify(stolen.body)).toContain("events.0.previousToken");
    expect(JSON.stringify(stolen.body)).toContain("events.1.previousToken");
    await api.kindred.poller.drain();
    const kept = await api.request("GET", "/v1/customers/me/profile", { token: victim.token });
    expect(kept.body).toMatchObject({ recentItems: [expect.objectContaining({ itemId: "mug-1" })] });

    // The visitor itself, signing in: its own token proves it, and its history follows it.
    const merged = await api.request("POST", "/v1/events", {
      token: thief.token,
      body: { events: [{ ...identify(victim.token), eventId: "own-merge" }] },
    });
    expect(merged.body).toEqual({ accepted: 1, rejected: [], failed: [] });
  });
});

describe("CORS in local mode", () => {
  const ORIGIN = "http://shop.example.test:8080";

  it("answers a preflight from any origin, for any route, allowing the token, JSON and a request id", async () => {
    for (const path of ["/v1/events", "/v1/customers/me/profile", "/v1/no-such-route"]) {
      const res = await fetch(`${api.kindred.url}${path}`, {
        method: "OPTIONS",
        headers: {
          origin: ORIGIN,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, x-request-id",
        },
      });
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
      const allowed = (res.headers.get("access-control-allow-headers") ?? "").split(/,\s*/);
      expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "x-request-id"]));
      expect(res.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("lets the page read every answer, a 401 from the gateway and a handler's problem included, and its request id", async () => {
    for (const [path, init] of [
      ["/v1/health", {}],
      ["/v1/customers/me/profile", {}],
      ["/v1/visitors", { method: "POST" }],
    ] as const) {
      const res = await fetch(`${api.kindred.url}${path}`, { ...init, headers: { origin: ORIGIN } });
      expect(res.headers.get("access-control-allow-origin"), path).toBe(ORIGIN);
      expect(res.headers.get("access-control-expose-headers")).toMatch(/x-request-id/);
      expect(res.headers.get("vary")).toMatch(/Origin/);
    }
  });
});

// Last in the file: it uses up this source's allowance.
describe("POST /v1/visitors from one source address", () => {
  it("is throttled with 429 problem+json and a Retry-After once the source has asked too often", async () => {
    let throttled: Awaited<ReturnType<Client["request"]>> | undefined;
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < 100 && !throttled; i++) {
      const res = await fetch(`${api.kindred.url}/v1/visitors`, { method: "POST" });
      if (res.status === 429) {
        retryAfter.push(res.headers.get("retry-after"));
        throttled = {
          status: res.status,
          contentType: res.headers.get("content-type") ?? "",
          requestId: res.headers.get("x-request-id"),
          body: (await res.json()) as Record<string, unknown>,
        };
      } else {
        expect(res.status).toBe(201);
        await res.body?.cancel();
      }
    }
    expect(throttled).toMatchObject({
      status: 429,
      contentType: "application/problem+json",
      body: { status: 429, title: "Too many requests" },
    });
    expect(Number(retryAfter[0])).toBeGreaterThanOrEqual(1);
    // Other routes are not throttled by it.
    expect((await api.request("GET", "/v1/health")).status).toBe(200);
  });
});
