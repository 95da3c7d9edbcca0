import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "../../infra/local/local-tokens.js";
import { type Client, startStack, TEST_SECRET } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

/**
 * Issue #11, "Trust under attack", over HTTP: the same text in another Unicode form, empty query values,
 * malformed escapes, the reserved `me`, tokens API Gateway would refuse, links that are not web links and
 * bodies that are not JSON. Each answer is what the contract says, with an `x-request-id`, and never a 500.
 */
watchLogs(["lea", "nina", "sam", "Zo\u00e9"]);
let api: Client;
let admin: string;
let till: string;
let lea: string;
let sam: string;

const at = (secondsAgo = 0) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const ids = (list: unknown) =>
  (list as { itemId?: string; offerId?: string }[]).map((x) => x.itemId ?? x.offerId);
let n = 0;
const view = (customerId: string, itemId: string) => ({
  eventId: `t-${n++}`,
  type: "view",
  customerId,
  itemId,
  timestamp: at(5),
});

beforeAll(async () => {
  api = await startStack();
  [admin, till, lea, sam] = await Promise.all([
    api.token("ops", "admin"),
    api.token("till", "ingest"),
    api.token("lea", "customer"),
    api.token("sam", "customer"),
  ]);
});
afterAll(async () => {
  await api.kindred.close();
});

describe("the same text in another Unicode form is the same id or category", () => {
  it("never recommends an item in e + ◌́picerie to a customer who blocked épicerie", async () => {
    const items = [
      { itemId: "cafe\u0301-beans", categories: ["e\u0301picerie/cafe\u0301"] },
      { itemId: "kettle", categories: ["kitchen/kettles"] },
    ];
    expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
    const blocks = { personalization: true, blockedCategories: ["\u00e9picerie"], locationConsent: false };
    expect(
      (await api.request("PUT", "/v1/customers/me/preferences", { token: lea, body: blocks })).status,
    ).toBe(200);
    const events = ["u1", "u2", "u3"].flatMap((c) => [view(c, "caf\u00e9-beans"), view(c, "kettle")]);
    expect((await api.request("POST", "/v1/events", { token: till, body: { events } })).status).toBe(202);
    await api.kindred.poller.drain();

    // Someone who blocked nothing is offered both, so the beans are there to be left out.
    await expect
      .poll(
        async () =>
          ids((await api.request("GET", "/v1/customers/me/recommendations", { token: sam })).body.items),
        {
          timeout: 10_000,
        },
      )
      .toEqual(expect.arrayContaining(["caf\u00e9-beans", "kettle"]));
    const forLea = await api.request("GET", "/v1/customers/me/recommendations", { token: lea });
    expect(ids(forLea.body.items)).toEqual(["kettle"]);
    const trendingForLea = await api.request("POST", "/v1/customers/me/rank", {
      token: lea,
      body: {
        items: [
          { itemId: "cafe\u0301-beans" },
          { itemId: "kettle" },
          { itemId: "tea-article", categories: ["E\u0301PICERIE / The\u0301"] },
        ],
      },
    });
    expect(ids(trendingForLea.body.items)).toEqual(["kettle"]);
  });

  it("finds an item by its id in either form", async () => {
    const nfc = await api.request("GET", `/v1/items/${encodeURIComponent("caf\u00e9-beans")}`, {
      token: admin,
    });
    const nfd = await api.request("GET", `/v1/items/${encodeURIComponent(" cafe\u0301-beans ")}`, {
      token: admin,
    });
    expect(nfc.body).toMatchObject({ itemId: "caf\u00e9-beans", categories: ["\u00e9picerie/caf\u00e9"] });
    expect(nfd.body).toEqual(nfc.body);
  });

  it("knows a token's subject in one form as the customer named in the other, in paths and in events", async () => {
    const zoe = await api.token("Zoe\u0301", "customer");
    const path = `/v1/customers/${encodeURIComponent("Zo\u00e9")}/preferences`;
    const body = { personalization: true, blockedCategories: [], locationConsent: false };
    expect((await api.request("PUT", path, { token: zoe, body })).status).toBe(200);
    const events = [view("Zoe\u0301", "kettle"), view("Zo\u00e9", "kettle"), view(" Zo\u00e9 ", "kettle")];
    const sent = await api.request("POST", "/v1/events", { token: zoe, body: { events } });
    expect(sent.body).toEqual({ accepted: 3, rejected: [], failed: [] });
    await api.kindred.poller.drain();
    const profile = await api.request("GET", "/v1/customers/me/profile", { token: zoe });
    expect(profile.body).toMatchObject({ customerId: "Zo\u00e9", eventCount: 3 });
  });
});

describe("an empty query value is the same as none", () => {
  const KIEZ = { lat: 52.4868, lon: 13.4246 };

  it("gives offers around a consenting customer's stored cell for ?lat=&lon=, not around the point (0,0)", async () => {
    const nina = await api.token("nina", "customer");
    const consent = { personalization: true, blockedCategories: [], locationConsent: true };
    expect(
      (await api.request("PUT", "/v1/customers/me/preferences", { token: nina, body: consent })).status,
    ).toBe(200);
    const walk = {
      eventId: "nina-walk",
      type: "location",
      customerId: "nina",
      location: KIEZ,
      timestamp: at(5),
    };
    expect((await api.request("POST", "/v1/events", { token: nina, body: { events: [walk] } })).status).toBe(
      202,
    );
    await api.kindred.poller.drain();
    // Created after the walk, so neither is a triggered offer: only a lookup at a point finds them.
    const offer = (offerId: string, location: { lat: number; lon: number }) => ({
      offerId,
      title: offerId,
      location,
      radiusM: 5_000,
      validFrom: at(60),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const offers = [offer("kiez-coffee", KIEZ), offer("null-island", { lat: 0, lon: 0 })];
    expect((await api.request("PUT", "/v1/offers", { token: admin, body: { offers } })).status).toBe(200);

    const list = async (query: string) => {
      const res = await api.request("GET", `/v1/customers/me/offers${query}`, { token: nina });
      expect(res.status).toBe(200);
      return ids(res.body.offers);
    };
    expect(await list("?lat=0&lon=0")).toEqual(["null-island"]);
    expect(await list("")).toEqual(["kiez-coffee"]);
    for (const query of ["?lat=&lon=", "?lat=&lon=&limit=", "?lat=%20&lon="]) {
      expect(await list(query), query).toEqual(["kiez-coffee"]);
    }
  });

  it("gives recommendations for ?category=&country= as for no parameters", async () => {
    const plain = await api.request("GET", "/v1/customers/me/recommendations", { token: sam });
    const empty = await api.request("GET", "/v1/customers/me/recommendations?category=&country=&limit=", {
      token: sam,
    });
    expect(empty.status).toBe(200);
    expect(ids(empty.body.items)).toEqual(ids(plain.body.items));
  });

  it("gives trending for ?limit= as for no parameters", async () => {
    const plain = await api.request("GET", "/v1/trending", { token: sam });
    for (const query of ["?limit=", "?limit=&country=&category="]) {
      const empty = await api.request("GET", `/v1/trending${query}`, { token: sam });
      expect(empty.status, query).toBe(200);
      expect(ids(empty.body.items)).toEqual(ids(plain.body.items));
    }
    expect(ids(plain.body.items).length).toBeGreaterThan(0);
  });
});

describe("a malformed path", () => {
  it.each([
    ["GET", "/v1/items/%E0%A4%A", "itemId"],
    ["GET", "/v1/items/%/also-viewed", "itemId"],
    ["GET", "/v1/customers/%/profile", "customerId"],
    ["DELETE", "/v1/customers/%ED%A0%80", "customerId"],
    ["PUT", "/v1/experiments/%C3", "experimentId"],
  ])("%s %s is a 400 naming %s, with or without a token", async (method, path, parameter) => {
    for (const token of [admin, undefined]) {
      const res = await api.request(method, path, token ? { token } : {});
      expect(res.status).toBe(400);
      expect(res.contentType).toBe("application/problem+json");
      expect(res.body.errors).toEqual([expect.objectContaining({ path: parameter })]);
      expect(res.requestId).toBeTruthy();
    }
  });
});

describe("`me` is never a customer id", () => {
  it("rejects events for `me`, naming the field, and accepts the rest of the request", async () => {
    const events = [
      view("sam", "kettle"),
      view("me", "kettle"),
      { eventId: "t-merge", type: "identify", customerId: "sam", previousId: "me", timestamp: at(5) },
      view(" me ", "kettle"),
    ];
    const res = await api.request("POST", "/v1/events", { token: till, body: { events } });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: "events.1.customerId" })] },
      { index: 2, errors: [expect.objectContaining({ path: "events.2.previousId" })] },
      { index: 3, errors: [expect.objectContaining({ path: "events.3.customerId" })] },
    ]);
    const none = await api.request("POST", "/v1/events", {
      token: till,
      body: { events: [view("me", "kettle")] },
    });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: "events.0.customerId" })]);
  });

  it("refuses to merge `me` into a customer, naming the field", async () => {
    const res = await api.request("POST", "/v1/customers/sam/merge", {
      token: admin,
      body: { previousId: " me" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "previousId" })]);
  });
});

describe("tokens are taken as API Gateway takes them", () => {
  const sign = (claims: { sub: string; scope: string }, expires?: string) => {
    const jwt = new SignJWT({ scope: claims.scope })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE);
    return (expires ? jwt.setExpirationTime(expires) : jwt).sign(new TextEncoder().encode(TEST_SECRET));
  };

  it("refuses a token without an expiry", async () => {
    const forever = await sign({ sub: "ops", scope: "admin" });
    const res = await api.request("GET", "/v1/items/kettle", { token: forever });
    expect(res.status).toBe(401);
    expect(res.contentType).toBe("application/problem+json");
    expect(
      (
        await api.request("GET", "/v1/items/kettle", {
          token: await sign({ sub: "ops", scope: "admin" }, "5m"),
        })
      ).status,
    ).toBe(200);
  });

  it("grants no admin to a customer whose scope claim joins scopes with a tab", async () => {
    const tabbed = await sign({ sub: "lea", scope: "customer\tadmin" }, "5m");
    const items = [{ itemId: "planted", categories: ["x"] }];
    expect((await api.request("PUT", "/v1/items", { token: tabbed, body: { items } })).status).toBe(403);
    expect((await api.request("GET", "/v1/customers/sam/profile", { token: tabbed })).status).toBe(403);
  });
});

describe("item links", () => {
  it.each([
    ["javascript:alert(document.cookie)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["/images/beans.png"],
    ["//evil.example/beans.png"],
    ["ftp://files.example/beans.png"],
  ])("refuses %s as an item's url or imageUrl, naming each", async (link) => {
    const res = await api.request("PUT", "/v1/items", {
      token: admin,
      body: { items: [{ itemId: "linked", url: link, imageUrl: link }] },
    });
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      "items.0.imageUrl",
      "items.0.url",
    ]);
  });

  it("keeps http and https links", async () => {
    const item = {
      itemId: "linked",
      url: "https://shop.example/p/linked",
      imageUrl: "http://img.example/linked.png",
    };
    expect((await api.request("PUT", "/v1/items", { token: admin, body: { items: [item] } })).status).toBe(
      200,
    );
    expect((await api.request("GET", "/v1/items/linked", { token: admin })).body).toMatchObject(item);
  });
});

describe("request bodies are JSON", () => {
  it.each([
    ["POST", "/v1/events", "text/plain"],
    ["PUT", "/v1/items", "application/x-www-form-urlencoded"],
    ["PUT", "/v1/customers/me/preferences", "text/json"],
    ["POST", "/v1/customers/me/rank", "application/json; charset=iso-8859-1"],
  ])("%s %s as %s is 415, and changes nothing", async (method, path, contentType) => {
    const body = { items: [{ itemId: "smuggled", categories: ["x"] }] };
    const res = await api.request(method, path, { token: admin, rawBody: JSON.stringify(body), contentType });
    expect(res.status).toBe(415);
    expect(res.contentType).toBe("application/problem+json");
    expect(res.body).toMatchObject({ status: 415, type: "urn:kindred:problem:unsupported-media-type" });
    expect((await api.request("GET", "/v1/items/smuggled", { token: admin })).status).toBe(404);
  });

  it("reads application/json with parameters", async () => {
    const body = { personalization: true, blockedCategories: ["\u00e9picerie"], locationConsent: false };
    const res = await api.request("PUT", "/v1/customers/me/preferences", {
      token: lea,
      rawBody: JSON.stringify(body),
      contentType: "Application/JSON; charset=UTF-8",
    });
    expect(res.status).toBe(200);
  });
});

describe("every response", () => {
  it("carries an x-request-id, whatever its status", async () => {
    const responses = await Promise.all([
      api.request("GET", "/v1/health"),
      api.request("GET", "/v1/items/kettle", { token: admin }),
      api.request("GET", "/v1/items/kettle"),
      api.request("GET", "/v1/items/kettle", { token: lea }),
      api.request("GET", "/v1/items/nothing-here", { token: admin }),
      api.request("GET", "/v1/trending?limit=1000", { token: lea }),
      api.request("POST", "/v1/events", { token: till, rawBody: "{}", contentType: "text/plain" }),
      api.request("GET", "/v1/no-such-route"),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 401, 403, 404, 400, 415, 404]);
    const requestIds = responses.map((r) => r.requestId);
    for (const id of requestIds) expect(id).toBeTruthy();
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });
});
