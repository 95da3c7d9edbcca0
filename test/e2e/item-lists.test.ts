import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

watchLogs();
let api: Client;
let admin: string;
let shopper: string;
let till: string;

beforeAll(async () => {
  api = await startStack();
  [admin, shopper, till] = await Promise.all([
    api.token("ops", "admin"),
    api.token("sam", "customer"),
    api.token("till", "ingest"),
  ]);
  const items = ["kayak", "paddle", "drybag", "lifejacket"].map((itemId) => ({
    itemId,
    categories: [`water/${itemId}`],
  }));
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
});
afterAll(async () => {
  await api.kindred.close();
});

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

describe("shoppers who viewed this also viewed", () => {
  it("learns from a co-view as it streams in, with a reason per item and a new id per response", async () => {
    const events = ["a", "b", "c"].flatMap((s) => [
      { eventId: `${s}-1`, type: "view", customerId: `kayaker-${s}`, itemId: "kayak", timestamp: at(60) },
      {
        eventId: `${s}-2`,
        type: "view",
        customerId: `kayaker-${s}`,
        itemId: s === "c" ? "drybag" : "paddle",
        timestamp: at(30),
      },
    ]);
    expect((await api.request("POST", "/v1/events", { token: till, body: { events } })).status).toBe(202);

    await expect
      .poll(
        async () => (await api.request("GET", "/v1/items/kayak/also-viewed", { token: shopper })).body.items,
        {
          timeout: 10_000,
        },
      )
      .toEqual([
        { itemId: "paddle", score: expect.any(Number), reasons: [{ type: "also_viewed", itemId: "kayak" }] },
        { itemId: "drybag", score: expect.any(Number), reasons: [{ type: "also_viewed", itemId: "kayak" }] },
      ]);
    const first = await api.request("GET", "/v1/items/kayak/also-viewed?limit=1", { token: shopper });
    const second = await api.request("GET", "/v1/items/kayak/also-viewed?limit=1", { token: shopper });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.recommendationId).not.toEqual(second.body.recommendationId);
  });

  it("rejects a limit outside 1–100 naming the parameter, and says 404 for an unknown item", async () => {
    for (const limit of ["0", "101", "ten"]) {
      const res = await api.request("GET", `/v1/items/kayak/also-viewed?limit=${limit}`, { token: shopper });
      expect(res).toMatchObject({ status: 400, body: { errors: [{ path: "limit" }] } });
    }
    expect((await api.request("GET", "/v1/items/canoe/also-viewed", { token: shopper })).status).toBe(404);
  });

  it("serves bought-together from purchases the same way", async () => {
    const events = [
      { eventId: "p-1", type: "purchase", customerId: "paddler", itemId: "kayak", timestamp: at(3600) },
      { eventId: "p-2", type: "purchase", customerId: "paddler", itemId: "lifejacket", timestamp: at(60) },
    ];
    expect((await api.request("POST", "/v1/events", { token: till, body: { events } })).status).toBe(202);
    await expect
      .poll(
        async () =>
          (await api.request("GET", "/v1/items/kayak/bought-together", { token: shopper })).body.items,
        {
          timeout: 10_000,
        },
      )
      .toEqual([{ itemId: "lifejacket", score: 1, reasons: [{ type: "bought_together", itemId: "kayak" }] }]);
  });

  it("re-ranks for the caller only: a customer token naming someone else gets 403", async () => {
    expect(
      (await api.request("GET", "/v1/items/kayak/also-viewed?customerId=me", { token: shopper })).status,
    ).toBe(200);
    expect(
      (await api.request("GET", "/v1/items/kayak/also-viewed?customerId=kayaker-a", { token: shopper }))
        .status,
    ).toBe(403);
    expect(
      (await api.request("GET", "/v1/items/kayak/also-viewed?customerId=kayaker-a", { token: admin })).status,
    ).toBe(200);
  });
});

describe("trending", () => {
  it("lists what is popular now from the same stream, and names a bad parameter", async () => {
    await expect
      .poll(
        async () => (await api.request("GET", "/v1/trending?category=water", { token: shopper })).body.items,
        {
          timeout: 10_000,
        },
      )
      .toEqual(
        expect.arrayContaining([
          { itemId: "kayak", score: expect.any(Number), reasons: [{ type: "trending" }] },
        ]),
      );
    const top = await api.request("GET", "/v1/trending?limit=1", { token: shopper });
    expect(top.body.items).toEqual([expect.objectContaining({ itemId: "kayak" })]);
    const bad = await api.request("GET", "/v1/trending?country=Germany", { token: shopper });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: "country" }] } });
  });
});

describe("recommended for you", () => {
  it("gives a newcomer the trending list, then learns from their first view as it streams in", async () => {
    const newcomer = await api.token("nova", "customer");
    await expect
      .poll(
        async () => (await api.request("GET", "/v1/customers/me/recommendations", { token: newcomer })).body,
      )
      .toMatchObject({
        items: expect.arrayContaining([expect.objectContaining({ reasons: [{ type: "trending" }] })]),
      });

    const view = { eventId: "nova-1", type: "view", customerId: "nova", itemId: "kayak", timestamp: at(1) };
    expect(
      (await api.request("POST", "/v1/events", { token: newcomer, body: { events: [view] } })).status,
    ).toBe(202);
    await expect
      .poll(
        async () =>
          (
            (await api.request("GET", "/v1/customers/me/recommendations?limit=3", { token: newcomer })).body
              .items as unknown[]
          )[0],
        { timeout: 10_000 },
      )
      .toEqual({
        itemId: "paddle",
        score: expect.any(Number),
        reasons: expect.arrayContaining([{ type: "also_viewed", itemId: "kayak" }]),
      });
  });

  it("is the token's own: another customer's recommendations are 403, a bad parameter is 400", async () => {
    expect((await api.request("GET", "/v1/customers/nova/recommendations", { token: shopper })).status).toBe(
      403,
    );
    const bad = await api.request("GET", "/v1/customers/me/recommendations?limit=500", { token: shopper });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: "limit" }] } });
  });
});

describe("ranking content the caller supplies", () => {
  it("orders catalog items and inline content for the customer, each with reasons", async () => {
    const body = {
      items: [
        { itemId: "article-42", categories: ["water/kayak"] },
        { itemId: "kayak" },
        { itemId: "unknown" },
      ],
    };
    const res = await api.request("POST", "/v1/customers/me/rank", { token: shopper, body });
    expect(res.status).toBe(200);
    const items = res.body.items as { itemId: string; reasons: unknown[] }[];
    expect(items.map((i) => i.itemId).sort()).toEqual(["article-42", "kayak", "unknown"]);
    expect(items.every((i) => i.reasons.length > 0)).toBe(true);
  });

  it("names what is wrong with a bad body", async () => {
    const cases: [unknown, string][] = [
      [{ items: [] }, "items"],
      [{ items: [{ itemId: "" }] }, "items.0.itemId"],
      [{ items: [{ itemId: "a", colour: "red" }] }, "items.0.colour"],
      [{ items: [{ itemId: "a" }], limit: 0 }, "limit"],
    ];
    for (const [body, path] of cases) {
      const res = await api.request("POST", "/v1/customers/me/rank", { token: shopper, body });
      expect(res).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path })] } });
    }
  });
});
