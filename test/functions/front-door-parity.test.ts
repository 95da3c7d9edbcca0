import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticatedRoute, json } from "../../functions/http/http-handler.js";
import { compileRoutes, routeRequest } from "../../functions/http/router.js";
import { ROUTES } from "../../functions/http/routes.js";
import { type HttpHandler, type LoadedRoute, startHttpAdapter } from "../../infra/local/http-adapter.js";
import { localTokenSigner } from "../../lib/auth/local-token-signer.js";
import { requireAdmin } from "../../lib/auth/principal.js";

/**
 * The same request path through local mode's HTTP adapter and through the
 * function-URL front door's router (functions/http/front-door.ts routes `event.rawPath` with routeRequest).
 * The contract: "Any string a caller chooses is data, never structure: ids such as `../x` behave like any
 * other id"; "Malformed paths or escapes are 400, never 500".
 */
const echo: HttpHandler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ routeKey: event.routeKey, pathParameters: event.pathParameters ?? {} }),
});
// Every route made public, so only routing and decoding are compared.
const LOADED: LoadedRoute[] = ROUTES.map((route) => ({ route: { ...route, auth: "public" }, handler: echo }));
const compiled = compileRoutes(ROUTES, (r) => r);

let adapter: Awaited<ReturnType<typeof startHttpAdapter>>;
beforeAll(async () => {
  adapter = await startHttpAdapter(LOADED, "parity-secret-0123456789abcdef0123456789", 0);
});
afterAll(async () => adapter?.close());

async function viaLocal(path: string) {
  const res = await fetch(`${adapter.url}${path}`);
  const body = (await res.json()) as { routeKey?: string; pathParameters?: Record<string, string> };
  return { status: res.status, routeKey: body.routeKey, pathParameters: body.pathParameters };
}
function viaFrontDoor(path: string) {
  const routed = routeRequest(compiled, "GET", path);
  if (routed.kind !== "match") return { status: routed.kind === "malformed" ? 400 : 404 };
  const route = routed.entry;
  return { status: 200, routeKey: `${route.method} ${route.path}`, pathParameters: routed.pathParameters };
}

describe("local mode and the function-URL front door route the same path alike", () => {
  // `fetch` would normalise dot segments itself; raw paths are sent with node:http below.
  it.each([
    ["/v1/items/..%2Fx", { itemId: "../x" }],
    ["/v1/items/a%2Fb", { itemId: "a/b" }],
    ["/v1/items/%252F", { itemId: "%2F" }],
  ])("%s", async (path, expected) => {
    expect(viaFrontDoor(path)).toMatchObject({ status: 200, pathParameters: expected });
    expect(await viaLocal(path)).toMatchObject({ status: 200, pathParameters: expected });
  });

  it.each([
    // `.` and `..` are refused as ids (lib/schemas/common.ts idSchema): both front doors route them to the
    // id's route, whose handler answers 400 naming the id. Local mode once resolved the percent-encoded dot
    // segment (WHATWG URL) first and answered 404 for another path.
    ["/v1/items/%2E%2E", "GET /v1/items/{itemId}", { itemId: ".." }],
    ["/v1/items/%2e", "GET /v1/items/{itemId}", { itemId: "." }],
    ["/v1/items/%2e%2e/also-viewed", "GET /v1/items/{itemId}/also-viewed", { itemId: ".." }],
    ["/v1/customers/%2E%2E/profile", "GET /v1/customers/{customerId}/profile", { customerId: ".." }],
  ])("an id that is a dot segment: %s", async (path, routeKey, expected) => {
    expect(viaFrontDoor(path)).toEqual({ status: 200, routeKey, pathParameters: expected });
    const { request } = await import("node:http");
    const local = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // Options, not a URL string: Node would resolve the dot segments of a URL before sending it.
      const { hostname, port } = new URL(adapter.url);
      const req = request({ hostname, port, path, method: "GET" }, (res) => {
        let body = "";
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    const parsed = JSON.parse(local.body) as { routeKey?: string; pathParameters?: unknown };
    expect({
      status: local.status,
      routeKey: parsed.routeKey,
      pathParameters: parsed.pathParameters,
    }).toEqual({
      status: 200,
      routeKey,
      pathParameters: expected,
    });
  });
});

describe("a visitor token on a route a customer token may not call", () => {
  // The contract's 403 (a valid token that may not touch this resource), locally as through the function-URL
  // front door (test/functions/front-door.test.ts); API Gateway's JWT authorizer answers 401 (docs/deploy.md).
  const SECRET = "parity-visitor-secret-0123456789abcdef0123";
  let local: Awaited<ReturnType<typeof startHttpAdapter>>;
  beforeAll(async () => {
    const adminOnly: LoadedRoute = {
      route: { method: "GET", path: "/v1/items", auth: "jwt", handler: "list-items", access: {} },
      handler: authenticatedRoute(async (_event, principal) => {
        requireAdmin(principal);
        return json(200, { items: [] });
      }) as unknown as HttpHandler,
    };
    local = await startHttpAdapter([adminOnly], SECRET, 0);
  });
  afterAll(async () => local?.close());

  it("is refused with 403, as through the function-URL front door", async () => {
    const now = new Date();
    const token = await localTokenSigner(SECRET).sign(
      { sub: "anon-AAAAAAAAAAAAAAAAAAAAAA", scope: "customer" },
      now,
      new Date(now.getTime() + 3_600_000),
    );
    const res = await fetch(`${local.url}/v1/items`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });
});
