import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

watchLogs();
let api: Client;
let admin: string;

const ITEM_IDS = Array.from({ length: 7 }, (_, i) => `shelf-${i}`);

beforeAll(async () => {
  api = await startStack();
  admin = await api.token("ops", "admin");
  const items = ITEM_IDS.map((itemId) => ({ itemId, categories: ["home/shelves"] }));
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
});
afterAll(async () => {
  await api.kindred.close();
});

/** Follows `nextCursor` from the first page to the last. */
async function allPages(path: string, list: string) {
  const pages: { ids: string[]; nextCursor?: unknown }[] = [];
  let cursor: string | undefined;
  do {
    const url = cursor === undefined ? path : `${path}&cursor=${encodeURIComponent(cursor)}`;
    const res = await api.request("GET", url, { token: admin });
    expect(res.status, url).toBe(200);
    const rows = res.body[list] as Record<string, string>[];
    pages.push({ ids: rows.map((r) => r.itemId ?? r.offerId ?? r.experimentId ?? ""), ...res.body });
    cursor = res.body.nextCursor as string | undefined;
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

describe("GET /v1/items", () => {
  it("pages through the whole catalog with limit and an opaque cursor, the last page without one", async () => {
    const pages = await allPages("/v1/items?limit=3", "items");
    expect(pages.map((p) => p.ids)).toEqual([ITEM_IDS.slice(0, 3), ITEM_IDS.slice(3, 6), ITEM_IDS.slice(6)]);
    expect(pages.at(-1)).not.toHaveProperty("nextCursor");
    const first = await api.request("GET", "/v1/items?limit=1", { token: admin });
    expect(first.body.items).toEqual([
      { itemId: "shelf-0", categories: ["home/shelves"], available: true, createdAt: expect.any(String) },
    ]);
  });

  it("returns 50 items by default", async () => {
    const res = await api.request("GET", "/v1/items", { token: admin });
    expect(res.body).toEqual({ items: expect.any(Array) });
    expect(res.body.items).toHaveLength(ITEM_IDS.length);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    ["cursor=%25%25%25", "cursor"],
    [`cursor=${Buffer.from('{"v":1,"k":"offers","a":"x"}').toString("base64url")}`, "cursor"],
    [`cursor=${Buffer.from('{"v":2,"k":"items","a":"x"}').toString("base64url")}`, "cursor"],
    [`cursor=${Buffer.from('{"v":1,"k":"items","a":""}').toString("base64url")}`, "cursor"],
  ])("answers ?%s with a 400 naming %s", async (query, field) => {
    const res = await api.request("GET", `/v1/items?${query}`, { token: admin });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain("application/problem+json");
    expect(res.body.errors).toEqual([expect.objectContaining({ path: field })]);
  });

  it("is for admins only", async () => {
    const customer = await api.token("reader", "customer");
    expect((await api.request("GET", "/v1/items", { token: customer })).status).toBe(403);
    expect((await api.request("GET", "/v1/items")).status).toBe(401);
  });
});

describe("GET /v1/offers", () => {
  it("pages through the offers as they were defined", async () => {
    const offer = (offerId: string) => ({
      offerId,
      title: `Offer ${offerId}`,
      location: { lat: 52.52, lon: 13.405 },
      radiusM: 500,
      validFrom: "2030-01-01T00:00:00Z",
      validUntil: "2031-01-01T00:00:00Z",
    });
    const offers = ["cafe-b", "cafe-a", "cafe-c"].map(offer);
    expect((await api.request("PUT", "/v1/offers", { token: admin, body: { offers } })).status).toBe(200);
    const pages = await allPages("/v1/offers?limit=2", "offers");
    expect(pages.map((p) => p.ids)).toEqual([["cafe-a", "cafe-b"], ["cafe-c"]]);
    const res = await api.request("GET", "/v1/offers?limit=1", { token: admin });
    expect(res.body.offers).toEqual([expect.objectContaining({ offerId: "cafe-a", radiusM: 500 })]);
    expect((res.body.offers as object[])[0]).not.toHaveProperty("cells");
    const items = await api.request(
      "GET",
      `/v1/offers?cursor=${String((await api.request("GET", "/v1/items?limit=1", { token: admin })).body.nextCursor)}`,
      { token: admin },
    );
    expect(items.status).toBe(400);
  });
});

describe("GET /v1/experiments and /v1/experiments/{experimentId}", () => {
  const definition = {
    placement: "rank",
    status: "stopped",
    variants: [
      { name: "control", weight: 1, strategy: {} },
      { name: "b", weight: 1, strategy: { diversity: 0.5 } },
    ],
  };

  it("lists the definitions and reads one as stored", async () => {
    for (const id of ["exp-2", "exp-1"]) {
      expect(
        (await api.request("PUT", `/v1/experiments/${id}`, { token: admin, body: definition })).status,
      ).toBe(200);
    }
    const pages = await allPages("/v1/experiments?limit=1", "experiments");
    expect(pages.map((p) => p.ids)).toEqual([["exp-1"], ["exp-2"]]);
    const one = await api.request("GET", "/v1/experiments/exp-1", { token: admin });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ experimentId: "exp-1", ...definition, minImpressionsPerVariant: 1000 });
    expect(one.body.updatedAt).toEqual(expect.any(String));
  });

  it("answers an unknown experiment with 404, a malformed id with 400, and a customer with 403", async () => {
    expect((await api.request("GET", "/v1/experiments/nope", { token: admin })).status).toBe(404);
    const bad = await api.request("GET", "/v1/experiments/a%20b!", { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: "experimentId" })]);
    const customer = await api.token("reader", "customer");
    expect((await api.request("GET", "/v1/experiments/exp-1", { token: customer })).status).toBe(403);
    expect((await api.request("GET", "/v1/experiments", { token: customer })).status).toBe(403);
  });
});
