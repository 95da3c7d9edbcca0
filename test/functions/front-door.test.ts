import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyStructuredResultV2, Context, LambdaFunctionURLEvent } from "aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HttpEvent } from "../../functions/http/request.js";
import { ENV } from "../../lib/config/env-names.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { consumerDeps, deliverAll, FIXED_NOW, toRecords } from "../support/consumer-harness.js";
import { startKmsStandIn } from "../support/kms-stand-in.js";
import { watchLogs } from "../support/log-watch.js";
import { scopedEnv } from "../support/scoped-env.js";
import { startTestStores, type TestStores, uniqueId } from "../support/stores.js";

/**
 * The function-URL front door (functions/http/front-door.ts), invoked with the events a Lambda function URL
 * hands it, in front of the real handlers on the embedded stores: what a caller sees instead of API Gateway.
 */
const logs = watchLogs();
type FrontDoor = (
  event: LambdaFunctionURLEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const run = uniqueId("fd");
const id = (name: string) => `${run}-${name}`;
const hour = 3600;
const AUDIENCE = "app-client";

const env = scopedEnv();
let stores: TestStores;
let kms: Awaited<ReturnType<typeof startKmsStandIn>>;
let provider: {
  issuer: string;
  server: Server;
  key: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  failing: boolean;
};
let frontDoor: FrontDoor;

/** The deployer's identity provider: OpenID discovery and its JWKS, on a local port; `failing` answers 503. */
async function startProvider() {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "p1", alg: "RS256", use: "sig" }] };
  const state = { issuer: "", server: createServer(), key: privateKey, failing: false };
  state.server.on("request", (req, res) => {
    if (state.failing) {
      res.writeHead(503).end();
      return;
    }
    const body =
      req.url === "/.well-known/openid-configuration"
        ? { issuer: state.issuer, jwks_uri: `${state.issuer}/jwks` }
        : req.url === "/jwks"
          ? jwks
          : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.issuer = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

const providerToken = (sub: string, scope: string) =>
  new SignJWT({ scope, aud: AUDIENCE })
    .setProtectedHeader({ alg: "RS256", kid: "p1" })
    .setIssuer(provider.issuer)
    .setSubject(sub)
    .setExpirationTime(Math.floor(Date.now() / 1000) + hour)
    .sign(provider.key);

/** The front door module with this process's environment, loaded afresh (its configuration is read at load). */
async function loadFrontDoor(): Promise<FrontDoor> {
  vi.resetModules();
  return ((await import("../../functions/http/front-door.js")) as { handler: FrontDoor }).handler;
}

beforeAll(async () => {
  stores = await startTestStores();
  kms = await startKmsStandIn();
  provider = await startProvider();
  env.set({
    [ENV.tableName]: stores.config.tableName,
    [ENV.streamName]: stores.stores.streamName,
    [ENV.dynamoEndpoint]: stores.stores.dynamoEndpoint,
    [ENV.kinesisEndpoint]: stores.stores.kinesisEndpoint,
    [ENV.region]: "us-east-1",
    [ENV.visitorKeyId]: kms.keyId,
    [ENV.jwtIssuer]: provider.issuer,
    [ENV.jwtAudience]: `${AUDIENCE},server-client`,
    // The visitor key's KMS client is made in the functions; the stand-in is found through the environment.
    AWS_ENDPOINT_URL_KMS: kms.endpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  });
  frontDoor = await loadFrontDoor();
}, 60_000);
afterAll(async () => {
  env.restore();
  await new Promise<void>((resolve) => provider?.server.close(() => resolve()));
  await kms?.close();
  await stores?.stores.close();
});

/** A Lambda function URL's event (payload 2.0, routed to `$default`), as AWS delivers it. */
function urlEvent(
  method: string,
  target: string,
  options: { token?: string; body?: unknown; rawBody?: string; sourceIp?: string } = {},
): LambdaFunctionURLEvent {
  const [rawPath = "/", rawQueryString = ""] = target.split("?", 2);
  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const earlier = query.get(name);
    query.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const now = Date.now();
  const sourceIp = options.sourceIp ?? "203.0.113.7";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers: {
      host: "abcdefghij.lambda-url.us-east-1.on.aws",
      "user-agent": "front-door-test",
      "x-forwarded-for": sourceIp,
      "x-forwarded-proto": "https",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(query.size ? { queryStringParameters: Object.fromEntries(query) } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghij",
      domainName: "abcdefghij.lambda-url.us-east-1.on.aws",
      domainPrefix: "abcdefghij",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp, userAgent: "front-door-test" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}

const context = {} as Context;
async function call(method: string, target: string, options: Parameters<typeof urlEvent>[2] = {}) {
  const event = urlEvent(method, target, options);
  const res = await frontDoor(event, context);
  const headers = (res.headers ?? {}) as Record<string, string>;
  return {
    status: res.statusCode ?? 200,
    headers,
    body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {},
    sentRequestId: event.requestContext.requestId,
  };
}

const view = (customerId: string, itemId: string, minute: number): KindredEvent => ({
  eventId: `${run}-${customerId}-${itemId}-${minute}`,
  type: "view",
  customerId,
  itemId,
  timestamp: new Date(FIXED_NOW - 60 * 60_000 + minute * 60_000).toISOString(),
  channel: "web",
});

describe("a customer's list through the front door", () => {
  it("is the list the route's own handler answers behind API Gateway", async () => {
    const admin = await providerToken("ops", "kindred/admin");
    const items = ["tent", "mat", "stove", "lamp", "mug"].map((name, i) => ({
      itemId: id(name),
      categories: [i < 3 ? "outdoor/camping" : "home/kitchen"],
    }));
    const put = await call("PUT", "/v1/items", { token: admin, body: { items } });
    expect(put).toMatchObject({ status: 200, body: { upserted: 5 } });
    const customer = id("alice");
    const crowd = [0, 1, 2].flatMap((s) => [
      view(id(`crowd-${s}`), id("tent"), s),
      view(id(`crowd-${s}`), id("stove"), s + 1),
    ]);
    await deliverAll(
      toRecords([...crowd, view(customer, id("tent"), 10)]),
      50,
      consumerDeps(stores.db, stores.config.tableName),
    );

    const token = await providerToken(customer, "kindred/customer");
    const viaFrontDoor = await call("GET", "/v1/customers/me/recommendations?limit=5", { token });
    expect(viaFrontDoor.status).toBe(200);

    const direct = (await import("../../functions/http/get-recommendations.js")) as {
      handler: (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const claims = {
      sub: customer,
      scope: "kindred/customer",
      exp: String(Math.floor(Date.now() / 1000) + hour),
    };
    const gatewayEvent = {
      ...urlEvent("GET", "/v1/customers/me/recommendations?limit=5"),
      routeKey: "GET /v1/customers/{customerId}/recommendations",
      pathParameters: { customerId: "me" },
    };
    gatewayEvent.requestContext = {
      ...gatewayEvent.requestContext,
      routeKey: gatewayEvent.routeKey,
      authorizer: { lambda: claims },
    } as typeof gatewayEvent.requestContext;
    const behindGateway = await direct.handler(gatewayEvent as unknown as HttpEvent, context);
    const expected = JSON.parse(String(behindGateway.body)) as { items: unknown[] };
    expect(expected.items.length).toBeGreaterThan(0);
    // Each response has its own recommendationId; the items are the same.
    expect(viaFrontDoor.body.items).toEqual(expected.items);
    expect(viaFrontDoor.body.recommendationId).toEqual(expect.any(String));
    expect(viaFrontDoor.headers["x-request-id"]).toBe(viaFrontDoor.sentRequestId);
  });
});

describe("tokens, checked as API Gateway's authorizers check them", () => {
  it("answers 401 problem+json without a token, or with a token of an issuer it does not trust", async () => {
    const none = await call("GET", "/v1/customers/me/recommendations");
    expect(none).toMatchObject({
      status: 401,
      headers: { "content-type": "application/problem+json", "www-authenticate": expect.any(String) },
      body: { status: 401, type: "urn:kindred:problem:unauthenticated" },
    });
    const { privateKey: stranger } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ scope: "kindred/admin", aud: AUDIENCE })
      .setProtectedHeader({ alg: "RS256", kid: "p1" })
      .setIssuer(provider.issuer)
      .setSubject("ops")
      .setExpirationTime(Math.floor(Date.now() / 1000) + hour)
      .sign(stranger);
    for (const token of [forged, "not.a.jwt", `${await providerToken("ops", "kindred/admin")}x`]) {
      const refused = await call("GET", "/v1/items", { token });
      expect(refused.status).toBe(401);
      expect(refused.headers["x-request-id"]).toBe(refused.sentRequestId);
    }
  });

  it("takes a visitor token on a route a customer may call, and refuses it (403, as local mode) on an admin route", async () => {
    const created = await call("POST", "/v1/visitors");
    expect(created.status).toBe(201);
    const { token, customerId } = created.body as { token: string; customerId: string };
    const ownList = await call("GET", "/v1/customers/me/recommendations", { token });
    expect(ownList.status).toBe(200);
    const ownEvent = { ...view(customerId, id("mug"), 0), timestamp: new Date().toISOString() };
    const sent = await call("POST", "/v1/events", { token, body: { events: [ownEvent] } });
    expect(sent).toMatchObject({ status: 202, body: { accepted: 1, rejected: [], failed: [] } });
    const othersList = await call("GET", `/v1/customers/${id("alice")}/recommendations`, { token });
    expect(othersList.status).toBe(403);
    const adminRoute = await call("GET", "/v1/items", { token });
    expect(adminRoute).toMatchObject({ status: 403, body: { status: 403 } });
    expect(adminRoute.headers["x-request-id"]).toBe(adminRoute.sentRequestId);
    const anotherJwtRoute = await call("POST", "/v1/messages/next", { token, body: {} });
    expect(anotherJwtRoute.status).toBe(403);
  });

  it("limits new visitors per source address, read from the function URL's requestContext.http.sourceIp", async () => {
    const sourceIp = "198.51.100.23";
    const answers: number[] = [];
    for (let i = 0; i < 21; i++) answers.push((await call("POST", "/v1/visitors", { sourceIp })).status);
    expect(answers.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(answers[20]).toBe(429);
    expect((await call("POST", "/v1/visitors", { sourceIp: "198.51.100.24" })).status).toBe(201);
  });
});

describe("new visitors through the front door, where no route throttle stands in front", () => {
  it("are bounded over all callers in each instance (KINDRED_VISITOR_RATE, _BURST), whatever addresses ask", async () => {
    env.set({ [ENV.visitorRate]: "0.01", [ENV.visitorBurst]: "3" });
    const bounded = await loadFrontDoor();
    const answers: { statusCode?: number; headers?: Record<string, unknown> }[] = [];
    // One caller holding a /48: every request from a /64 of its own, so the per-address bucket never stops it.
    for (let i = 0; i < 10; i++) {
      const sourceIp = `2001:db8:77:${i.toString(16)}::1`;
      answers.push(await bounded(urlEvent("POST", "/v1/visitors", { sourceIp }), context));
    }
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 429, 429, 429, 429, 429, 429, 429]);
    expect(Number(answers[3]?.headers?.["retry-after"])).toBeGreaterThan(0);
  });
});

describe("requests no route takes", () => {
  it("answers 404 for an unknown path and 405 with allow for a known path's other method", async () => {
    const unknown = await call("GET", "/v1/nowhere");
    expect(unknown).toMatchObject({ status: 404, headers: { "content-type": "application/problem+json" } });
    expect(unknown.headers["x-request-id"]).toBe(unknown.sentRequestId);
    const wrongMethod = await call("PATCH", "/v1/items/sku-1");
    expect(wrongMethod).toMatchObject({ status: 405, headers: { allow: "GET, DELETE" } });
    expect(wrongMethod.headers["x-request-id"]).toBe(wrongMethod.sentRequestId);
  });

  it("answers 400 naming the path parameter whose escape is malformed, and decodes a valid one once", async () => {
    const malformed = await call("GET", "/v1/items/%E0%A4%A/also-viewed");
    expect(malformed).toMatchObject({ status: 400, body: { errors: [{ path: "itemId" }] } });
    expect(malformed.headers["x-request-id"]).toBe(malformed.sentRequestId);
    const admin = await providerToken("ops", "kindred/admin");
    const item = await call("GET", `/v1/items/${encodeURIComponent(id("tent"))}`, { token: admin });
    expect(item).toMatchObject({ status: 200, body: { itemId: id("tent") } });
  });

  it("answers 413 for a body over the limit, before any handler reads it", async () => {
    const admin = await providerToken("ops", "kindred/admin");
    const tooLarge = await call("PUT", "/v1/items", {
      token: admin,
      rawBody: "x".repeat(10 * 1024 * 1024 + 1),
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { status: 413 } });
    expect(tooLarge.headers["x-request-id"]).toBe(tooLarge.sentRequestId);
  });
});

describe("a fault of the front door itself", () => {
  it("is an opaque 500 with the request id, logged with that id and the error's name only", async () => {
    // Keys are fetched once per container: a fresh one whose identity provider cannot be reached.
    provider.failing = true;
    const fresh = await loadFrontDoor();
    const event = urlEvent("GET", "/v1/items", { token: await providerToken("ops", "kindred/admin") });
    const res = await fresh(event, context);
    provider.failing = false;
    expect(res.statusCode).toBe(500);
    const headers = (res.headers ?? {}) as Record<string, string>;
    expect(headers["x-request-id"]).toBe(event.requestContext.requestId);
    const body = String(res.body);
    expect(JSON.parse(body)).toMatchObject({ status: 500, title: "Internal error" });
    for (const secret of ["127.0.0.1", "openid", "503", "discovery", "jwks"]) {
      expect(body.toLowerCase()).not.toContain(secret);
    }
    const logged = logs.find((l) => l.includes(event.requestContext.requestId));
    expect(logged).toContain('"errorName":"Error"');
  });
});
