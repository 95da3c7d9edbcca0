import fc from "fast-check";
import { jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { authenticatedRoute, json, publicRoute } from "../../../functions/http/http-handler.js";
import { params } from "../../../functions/http/request.js";
import type { RouteDefinition } from "../../../functions/http/routes.js";
import { type HttpHandler, type LoadedRoute, startHttpAdapter } from "../../../infra/local/http-adapter.js";
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signToken } from "../../../infra/local/local-tokens.js";
import { idSchema } from "../../../lib/schemas/common.js";
import { watchLogs } from "../../support/log-watch.js";

/**
 * The local stand-in for API Gateway, with routes of its own: what any request gets from the gateway
 * (routing, path decoding, the token check, a request id), whatever the handler behind it does.
 */
const SECRET = "http-adapter-test-secret-0123456789abcdef";
const logs = watchLogs(["alice"]);

/** A route served by `handler`, invoked the way local-kindred invokes a handler module's export. */
const serve = (
  method: RouteDefinition["method"],
  path: string,
  auth: RouteDefinition["auth"],
  handler: unknown,
): LoadedRoute => ({
  route: { method, path, auth, handler: "test", access: {} },
  handler: handler as HttpHandler,
});

const ROUTES: LoadedRoute[] = [
  serve(
    "GET",
    "/v1/things/{thingId}",
    "jwt",
    authenticatedRoute(async (event, principal) =>
      json(200, {
        thingId: params(z.object({ thingId: idSchema }), event).thingId,
        subject: principal.subject,
        scopes: [...principal.scopes].sort(),
      }),
    ),
  ),
  serve(
    "GET",
    "/v1/query",
    "public",
    publicRoute(async (event) => json(200, event.queryStringParameters ?? {})),
  ),
  serve(
    "GET",
    "/v1/fails",
    "public",
    publicRoute(async () => {
      throw new TypeError("Cannot read properties of undefined, customer alice");
    }),
  ),
  // A handler that fails outside the shared middleware: the adapter itself must answer and log.
  serve("GET", "/v1/crashes", "public", async () => {
    throw new RangeError("alice's request broke the handler");
  }),
];

let base: string;
let close: () => Promise<void>;
let admin: string;

beforeAll(async () => {
  const http = await startHttpAdapter(ROUTES, SECRET, 0);
  base = http.url;
  close = http.close;
  admin = await signToken(SECRET, { sub: "ops", scope: "admin" });
});
afterAll(async () => {
  await close();
});

async function get(path: string, token?: string) {
  const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    requestId: res.headers.get("x-request-id"),
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

/** Percent-escapes that decode to no UTF-8 text: truncated, not hex, overlong, a lone surrogate, a bare `%`. */
const malformedEscape = fc.constantFrom(
  "%",
  "%%",
  "%E0%A4%A",
  "%E0%A4",
  "%C3",
  "%G1",
  "%zz",
  "%FF",
  "%C0%AF",
  "%ED%A0%80",
  "%F4%90%80%80",
  "%80",
  "%1",
);
const safeText = fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/);
/** Text that cannot complete an escape before it into a valid one. */
const notHex = fc.stringMatching(/^[G-Zg-z_-]{0,12}$/);

describe("a path with a malformed escape", () => {
  it("is answered 400 naming the parameter, with or without a token, and never 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        safeText,
        malformedEscape,
        notHex,
        fc.boolean(),
        async (before, bad, after, withToken) => {
          const res = await get(`/v1/things/${before}${bad}${after}`, withToken ? admin : undefined);
          expect(res.status).toBe(400);
          expect(res.contentType).toBe("application/problem+json");
          expect(res.body.errors).toEqual([{ path: "thingId", message: expect.any(String) }]);
          expect(res.requestId).toBeTruthy();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("while a well-formed escape reaches the handler decoded and normalised", async () => {
    const nfd = encodeURIComponent("Cafe\u0301 #1/2 ?");
    expect((await get(`/v1/things/${nfd}`, admin)).body).toMatchObject({ thingId: "Caf\u00e9 #1/2 ?" });
    expect((await get("/v1/things/100%25", admin)).body).toMatchObject({ thingId: "100%" });
  });
});

describe("the request id", () => {
  it("comes back as x-request-id on every response, shaped like API Gateway's and new for each request", async () => {
    const responses = await Promise.all([
      get("/v1/things/a", admin),
      get("/v1/things/a"),
      get("/v1/things/%E0%A4%A", admin),
      get("/v1/nowhere"),
      fetch(`${base}/v1/query`, { method: "DELETE" }).then((r) => ({
        requestId: r.headers.get("x-request-id"),
      })),
      get("/v1/fails"),
      get("/v1/crashes"),
    ]);
    const ids = responses.map((r) => r.requestId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ["in a handler", "/v1/fails", "TypeError"],
    ["before any handler could answer", "/v1/crashes", "RangeError"],
  ])(
    "is logged with the error's name (not its message) when a request fails %s",
    async (_, path, errorName) => {
      const res = await get(path);
      expect(res.status).toBe(500);
      expect(res.contentType).toBe("application/problem+json");
      expect(JSON.stringify(res.body)).not.toMatch(/alice|TypeError|RangeError/);
      const line = logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === res.requestId);
      expect(line).toMatchObject({ level: "error", requestId: res.requestId, errorName });
      expect(JSON.stringify(line)).not.toContain("alice");
    },
  );
});

describe("tokens, as API Gateway's JWT authorizer takes them", () => {
  const signed = (claims: Record<string, unknown>, expires?: string) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject("alice");
    return (expires ? jwt.setExpirationTime(expires) : jwt).sign(new TextEncoder().encode(SECRET));
  };

  it("refuses a token without an expiry, or past it", async () => {
    const forever = await signed({ scope: "admin" });
    await expect(jwtVerify(forever, new TextEncoder().encode(SECRET))).resolves.toBeTruthy();
    expect((await get("/v1/things/a", forever)).status).toBe(401);
    expect((await get("/v1/things/a", await signed({ scope: "admin" }, "-1m"))).status).toBe(401);
    expect((await get("/v1/things/a", await signed({ scope: "admin" }, "5m"))).status).toBe(200);
  });

  it("grants the scopes of a scope claim split on single spaces, and nothing for other whitespace", async () => {
    expect((await get("/v1/things/a", await signed({ scope: "customer admin" }, "5m"))).body.scopes).toEqual([
      "admin",
      "customer",
    ]);
    for (const scope of ["customer\tadmin", "customer\nadmin", "admin\u00a0customer"]) {
      expect(
        (await get("/v1/things/a", await signed({ scope }, "5m"))).body.scopes,
        JSON.stringify(scope),
      ).toEqual([]);
    }
    expect((await get("/v1/things/a", await signed({ scope: ["admin"] }, "5m"))).status).toBe(401);
  });
});

describe("query strings, as API Gateway passes them", () => {
  it("join a repeated parameter's values with commas and keep empty values for the handler to judge", async () => {
    expect((await get("/v1/query?tag=a&tag=b&lat=&__proto__=x")).body).toEqual({
      tag: "a,b",
      lat: "",
      ["__proto__"]: "x",
    });
  });
});

describe("what the gateway's own problems say", () => {
  it("answers a 401 with WWW-Authenticate: Bearer, and says why a token it was given does not count", async () => {
    const none = await fetch(`${base}/v1/things/a`);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="kindred"');
    expect(await none.json()).toMatchObject({
      type: "urn:kindred:problem:unauthenticated",
      detail: expect.stringMatching(/Authorization: Bearer/),
    });
    const foreign = await signToken("another-data-directory-secret-0123456789", {
      sub: "ops",
      scope: "admin",
    });
    const res = await fetch(`${base}/v1/things/a`, { headers: { authorization: `Bearer ${foreign}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="kindred"');
    expect(((await res.json()) as { detail: string }).detail).toMatch(/KINDRED_DATA_DIR.*npm run token/);
  });

  it("answers a method the path does not have with 405 and the methods it does have in Allow", async () => {
    const res = await fetch(`${base}/v1/things/a`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, OPTIONS");
    expect(await res.json()).toMatchObject({ type: "urn:kindred:problem:method-not-allowed", status: 405 });
  });
});

describe("what local mode serves beside the API", () => {
  it("serves files built on first request, and retries a build that failed", async () => {
    let builds = 0;
    const http = await startHttpAdapter([], SECRET, 0, "127.0.0.1", {
      assets: {
        "/page": async () => {
          builds += 1;
          if (builds === 1) throw new Error("bundler hiccup");
          return {
            contentType: "text/html; charset=utf-8",
            body: "<p>hi</p>",
            headers: { "x-frame-options": "DENY" },
          };
        },
      },
    });
    try {
      expect((await fetch(`${http.url}/page`)).status).toBe(500);
      const res = await fetch(`${http.url}/page`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-request-id")).toBeTruthy();
      expect(await res.text()).toBe("<p>hi</p>");
      await fetch(`${http.url}/page`);
      expect(builds).toBe(2);
      // Only the path itself: inherited names of a plain object are no files.
      expect((await fetch(`${http.url}/constructor`)).status).toBe(404);
    } finally {
      await http.close();
    }
  });

  it("answers its admin-only routes for admin tokens alone", async () => {
    const http = await startHttpAdapter([], SECRET, 0, "127.0.0.1", {
      adminRoutes: {
        "/local/thing": async (url) => json(200, { limit: url.searchParams.get("limit") }),
      },
    });
    try {
      const customer = await signToken(SECRET, { sub: "alice", scope: "customer" });
      const call = (token?: string) =>
        fetch(`${http.url}/local/thing?limit=3`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
      expect((await call()).status).toBe(401);
      expect((await call(customer)).status).toBe(403);
      const ok = await call(admin);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ limit: "3" });
      // Scopes read as the API reads them: Cognito's resource-server scope is admin too.
      const cognitoAdmin = await signToken(SECRET, { sub: "ops", scope: "openid kindred/admin" });
      expect((await call(cognitoAdmin)).status).toBe(200);
    } finally {
      await http.close();
    }
  });
});
