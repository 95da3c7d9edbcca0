import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

watchLogs();
let api: Client;
let admin: string;
let shopper: string;

const ITEMS = [
  { itemId: "tent-a", categories: ["camping/tents"], brand: "Hilleberg", price: 900, tags: ["winter"] },
  { itemId: "tent-b", categories: ["camping/tents"], brand: "MSR", price: 400 },
  { itemId: "stove", categories: ["camping/stoves"], brand: "MSR", price: 120, tags: ["sale"] },
  { itemId: "mat", categories: ["camping/mats"], brand: "Therm", price: 60, tags: ["sale"] },
  { itemId: "lamp", categories: ["camping/lights"], brand: "Petzl", price: 40 },
  { itemId: "sold-out", categories: ["camping/lights"], brand: "Petzl", price: 30, available: false },
];

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  api = await startStack();
  [admin, shopper] = await Promise.all([api.token("ops", "admin"), api.token("sam", "customer")]);
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items: ITEMS } })).status).toBe(200);
  // Everyone who viewed tent-a viewed every other item too: also-viewed and trending know them all.
  const viewed = ["tent-a", "tent-b", "stove", "mat", "lamp", "sold-out"];
  const events = ["a", "b", "c", "d"].flatMap((s, n) =>
    viewed.map((itemId, i) => ({
      eventId: `${s}-${i}`,
      type: "view",
      customerId: `camper-${s}`,
      itemId,
      timestamp: at(600 - n * 60 - i),
    })),
  );
  expect((await api.request("POST", "/v1/events", { token: admin, body: { events } })).status).toBe(202);
  await api.kindred.poller.drain();
});
afterAll(async () => {
  await api.kindred.close();
});
afterEach(async () => {
  const { body } = await api.request("GET", "/v1/rules?limit=100", { token: admin });
  for (const rule of body.rules as { ruleId: string }[]) {
    expect((await api.request("DELETE", `/v1/rules/${rule.ruleId}`, { token: admin })).status).toBe(204);
  }
});

const putRule = async (ruleId: string, rule: Record<string, unknown>) => {
  const res = await api.request("PUT", `/v1/rules/${ruleId}`, { token: admin, body: rule });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
type Listed = { itemId: string; reasons: { type: string; ruleId?: string }[] };
const list = async (path: string, token = shopper) => {
  const res = await api.request("GET", path, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Listed[];
};
const rank = async (body: Record<string, unknown>, customer = "me", token = shopper) => {
  const res = await api.request("POST", `/v1/customers/${customer}/rank`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Listed[]; variant?: string };
};
const ids = (items: Listed[]) => items.map((i) => i.itemId);
const allCandidates = { items: ITEMS.map(({ itemId }) => ({ itemId })) };

describe("managing business rules", () => {
  it("stores, reads, lists page by page and deletes a rule; only admins may", async () => {
    const stored = await putRule("winter-tents", {
      placement: "*",
      action: "boost",
      factor: 2,
      when: { categories: ["Camping/Tents"], tags: ["winter"] },
      validUntil: later(30),
    });
    expect(stored).toMatchObject({
      ruleId: "winter-tents",
      status: "active",
      when: { categories: ["camping/tents"] },
      updatedAt: expect.any(String),
    });
    await putRule("later", {
      placement: "rank",
      action: "pin",
      itemId: "lamp",
      position: 1,
      validFrom: later(1),
    });
    expect((await api.request("GET", "/v1/rules/later", { token: admin })).body).toMatchObject({
      status: "scheduled",
    });
    const first = await api.request("GET", "/v1/rules?limit=1", { token: admin });
    expect(first.body).toMatchObject({ rules: [{ ruleId: "later" }], nextCursor: expect.any(String) });
    const second = await api.request("GET", `/v1/rules?limit=1&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    expect(second.body).toEqual({ rules: [expect.objectContaining({ ruleId: "winter-tents" })] });

    expect((await api.request("GET", "/v1/rules", { token: shopper })).status).toBe(403);
    const valid = { placement: "rank", action: "pin", itemId: "lamp", position: 1 };
    expect((await api.request("PUT", "/v1/rules/x", { token: shopper, body: valid })).status).toBe(403);
    expect((await api.request("DELETE", "/v1/rules/later", { token: admin })).status).toBe(204);
    expect((await api.request("GET", "/v1/rules/later", { token: admin })).status).toBe(404);
    expect((await api.request("DELETE", "/v1/rules/later", { token: admin })).status).toBe(404);
  });

  it("refuses invalid rules with a 400 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ placement: "*", action: "pin", itemId: "lamp", position: 101 }, "position"],
      [{ placement: "*", action: "promote", share: 0.6, when: { brands: ["MSR"] } }, "share"],
      [{ placement: "*", action: "boost", factor: 11, when: { brands: ["MSR"] } }, "factor"],
      [{ placement: "*", action: "boost", factor: 0.05, when: { brands: ["MSR"] } }, "factor"],
      [{ placement: "*", action: "boost", factor: 2, when: { brands: ["MSR"] }, colour: "red" }, "colour"],
      [{ placement: "*", action: "boost", factor: 2, when: { brand: "MSR" } }, "when.brand"],
      [{ placement: "*", action: "boost", factor: 2, when: {} }, "when"],
      [{ placement: "*", action: "filter", mode: "only", when: { brands: ["MSR"] } }, "mode"],
      [{ placement: "home", action: "filter", mode: "include", when: { brands: ["MSR"] } }, "placement"],
      [{ placement: "*", action: "hide", when: { brands: ["MSR"] } }, "action"],
      [
        { placement: "*", action: "boost", factor: 2, when: { price: { min: 50, max: 10 } } },
        "when.price.max",
      ],
      [
        {
          placement: "*",
          action: "boost",
          factor: 2,
          when: { brands: ["MSR"] },
          validFrom: later(2),
          validUntil: later(1),
        },
        "validUntil",
      ],
    ];
    for (const [body, path] of cases) {
      const res = await api.request("PUT", "/v1/rules/bad", { token: admin, body });
      expect(res.status, path).toBe(400);
      expect(res.body.errors, path).toContainEqual(expect.objectContaining({ path }));
    }
    expect((await api.request("PUT", "/v1/rules/a%23b", { token: admin, body: cases[0]?.[0] })).status).toBe(
      400,
    );
    expect((await api.request("GET", "/v1/rules/bad", { token: admin })).status).toBe(404);
  });
});

describe("rules applied to lists", () => {
  it("excludes what an exclude filter matches from every list, and includes only what an include filter matches", async () => {
    await putRule("no-msr", { placement: "*", action: "filter", mode: "exclude", when: { brands: ["msr"] } });
    for (const path of ["/v1/trending", "/v1/items/tent-a/also-viewed", "/v1/customers/me/recommendations"]) {
      const shown = ids(await list(path));
      expect(shown.length, path).toBeGreaterThan(0);
      expect(shown, path).not.toContain("tent-b");
      expect(shown, path).not.toContain("stove");
    }
    await putRule("sale-only", {
      placement: "trending",
      action: "filter",
      mode: "include",
      when: { tags: ["sale"] },
    });
    // Fewer than asked, never an item the filter leaves out.
    expect(ids(await list("/v1/trending?limit=10"))).toEqual(["mat"]);
  });

  it("boosts matching items and says which rule did", async () => {
    const before = ids((await rank(allCandidates)).items);
    const last = before.at(-1) ?? "";
    await putRule("last-up", { placement: "rank", action: "boost", factor: 10, when: { itemIds: [last] } });
    const after = (await rank(allCandidates)).items;
    expect(ids(after)[0]).toBe(last);
    expect(after[0]?.reasons).toContainEqual({ type: "boosted", ruleId: "last-up" });
  });

  it("pins an item at its position, but never one eligibility excludes", async () => {
    await putRule("lamp-2nd", { placement: "trending", action: "pin", itemId: "lamp", position: 2 });
    await putRule("sold-out-1st", { placement: "trending", action: "pin", itemId: "sold-out", position: 1 });
    const items = await list("/v1/trending?limit=4");
    expect(items[1]?.itemId).toBe("lamp");
    expect(items[1]?.reasons[0]).toEqual({ type: "pinned", ruleId: "lamp-2nd" });
    expect(ids(items)).not.toContain("sold-out");
    // Nor one outside the category asked for.
    expect(ids(await list("/v1/trending?limit=4&category=camping/tents"))).not.toContain("lamp");
    // A customer who bought the pinned item is not shown it again.
    const buyer = await api.token("lamp-owner", "customer");
    const purchase = {
      eventId: "lo-1",
      type: "purchase",
      customerId: "lamp-owner",
      itemId: "lamp",
      timestamp: at(5),
    };
    expect(
      (await api.request("POST", "/v1/events", { token: buyer, body: { events: [purchase] } })).status,
    ).toBe(202);
    await api.kindred.poller.drain();
    await putRule("lamp-for-you", {
      placement: "recommendations",
      action: "pin",
      itemId: "lamp",
      position: 1,
    });
    expect(ids(await list("/v1/customers/me/recommendations", buyer))).not.toContain("lamp");
    expect((await list("/v1/customers/me/recommendations"))[0]).toMatchObject({ itemId: "lamp" });
  });

  it("gives a promotion its share of the page and no more", async () => {
    const [first, second, third, fourth] = ids(await list("/v1/items/tent-a/also-viewed?limit=10"));
    await putRule("promo", {
      placement: "also-viewed",
      action: "promote",
      share: 0.5,
      when: { itemIds: [third, fourth] },
    });
    // One of two places: the better of the promoted items takes the page's last.
    const items = await list("/v1/items/tent-a/also-viewed?limit=2");
    expect(ids(items)).toEqual([first, third]);
    expect(items[1]?.reasons[0]).toEqual({ type: "promoted", ruleId: "promo" });
    expect(second).toBeDefined();
    // Half of one place rounds down to none.
    expect(ids(await list("/v1/items/tent-a/also-viewed?limit=1"))).toEqual([first]);
  });

  it("applies a rule only while it is valid", async () => {
    await putRule("future", {
      placement: "rank",
      action: "pin",
      itemId: "lamp",
      position: 1,
      validFrom: later(1),
    });
    await putRule("past", {
      placement: "rank",
      action: "filter",
      mode: "exclude",
      when: { itemIds: ["mat"] },
      validFrom: at(7200),
      validUntil: at(3600),
    });
    const items = (await rank(allCandidates)).items;
    expect(items.flatMap((i) => i.reasons).filter((r) => r.ruleId)).toEqual([]);
    expect(ids(items)).toContain("mat");
  });

  it("lets an experiment's variant switch a rule set off, so a promotion can be A/B tested", async () => {
    await putRule("summer-lamps", {
      placement: "rank",
      action: "boost",
      factor: 10,
      when: { itemIds: ["lamp"] },
      ruleSet: "summer",
    });
    const experiment = {
      placement: "rank",
      status: "running",
      variants: [
        { name: "control", weight: 1, strategy: { rules: { disabledSets: ["summer"] } } },
        { name: "promo", weight: 1, strategy: {} },
      ],
    };
    expect(
      (await api.request("PUT", "/v1/experiments/summer", { token: admin, body: experiment })).status,
    ).toBe(200);
    const seen = new Map<string, boolean>();
    for (let n = 0; n < 30 && seen.size < 2; n++) {
      const { items, variant } = await rank(allCandidates, `shopper-${n}`, admin);
      const boosted = items.some((i) => i.reasons.some((r) => r.ruleId === "summer-lamps"));
      seen.set(String(variant), boosted);
    }
    expect(Object.fromEntries(seen)).toEqual({ control: false, promo: true });
    const stopped = { ...experiment, status: "stopped" };
    expect((await api.request("PUT", "/v1/experiments/summer", { token: admin, body: stopped })).status).toBe(
      200,
    );
  });
});

describe("request-time filters", () => {
  it("narrow every list and rank by price, brand, tag and excluded ids", async () => {
    const lists = [
      "/v1/trending",
      "/v1/items/tent-a/also-viewed",
      "/v1/items/tent-a/also-viewed?customerId=me",
      "/v1/customers/me/recommendations",
    ];
    for (const path of lists) {
      const join = path.includes("?") ? "&" : "?";
      const cheapPetzlOrTherm = await list(`${path}${join}maxPrice=100&brand=Petzl&brand=therm`);
      expect(new Set(ids(cheapPetzlOrTherm)), path).toEqual(new Set(["lamp", "mat"]));
      const sale = await list(`${path}${join}tag=sale&excludeItemIds=stove,tent-b`);
      expect(ids(sale), path).toEqual(["mat"]);
      const priced = await list(`${path}${join}minPrice=100&maxPrice=500`);
      expect(new Set(ids(priced)), path).toEqual(new Set(["tent-b", "stove"]));
    }
    const ranked = await rank({ ...allCandidates, filter: { brand: "MSR", excludeItemIds: ["stove"] } });
    expect(ids(ranked.items)).toEqual(["tent-b"]);
    const inline = await rank({
      items: [{ itemId: "article-1", brand: "Petzl" }],
      filter: { brand: ["petzl"] },
    });
    expect(ids(inline.items)).toEqual(["article-1"]);
  });

  it("are validated like every other parameter", async () => {
    const bad: [string, string][] = [
      ["/v1/trending?minPrice=cheap", "minPrice"],
      ["/v1/trending?minPrice=50&maxPrice=10", "maxPrice"],
      ["/v1/trending?minPrice=-1", "minPrice"],
      ["/v1/customers/me/recommendations?maxPrice=1e400", "maxPrice"],
      [`/v1/items/tent-a/also-viewed?excludeItemIds=${"x".repeat(129)}`, "excludeItemIds.0"],
    ];
    for (const [path, field] of bad) {
      const res = await api.request("GET", path, { token: shopper });
      expect(res.status, path).toBe(400);
      expect(res.body.errors, path).toContainEqual(expect.objectContaining({ path: field }));
    }
    const res = await api.request("POST", "/v1/customers/me/rank", {
      token: shopper,
      body: { ...allCandidates, filter: { colour: "red" } },
    });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: "filter.colour" }));
  });
});
