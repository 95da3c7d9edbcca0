import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { type Client, startStack } from "../support/local-stack.js";

/**
 * The browser tracker (clients/tracker) in a real headless Chromium, against the real local server: a page
 * on another origin loads `/tracker.js` from Kindred, gets a visitor, and its events reach the profile.
 * One browser for the file; each test gets a fresh context (its own localStorage).
 */
let api: Client;
let admin: string;
let browser: Browser;
let site: Server;
let siteUrl: string;
let context: BrowserContext;
let page: Page;

const ITEMS = [
  { itemId: "tent-1", categories: ["camping/tents"] },
  { itemId: "shoe-1", categories: ["shoes/trail"] },
  { itemId: "mug-1", categories: ["kitchen/mugs"] },
];

beforeAll(async () => {
  api = await startStack();
  admin = await api.token("ops", "admin");
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items: ITEMS } })).status).toBe(200);
  // The shop's own site, on another origin than Kindred: every call the tracker makes is cross-origin.
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>shop</title></head><body>
    <script type="module">
      import * as kindred from "${api.kindred.url}/tracker.js";
      window.kindred = kindred;
      window.trackerLoaded = true;
    </script></body></html>`;
  site = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
  await api?.kindred.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

/** Opens the shop page and creates a tracker there as `window.t`, with flushes left to the test. */
async function openShop(options = "{}") {
  await page.goto(siteUrl);
  await page.waitForFunction("window.trackerLoaded === true");
  await page.evaluate(
    `window.t = window.kindred.createTracker({ endpoint: ${JSON.stringify(api.kindred.url)}, flushIntervalMs: 3600000, ...${options} })`,
  );
}

const inPage = <T>(code: string) => page.evaluate(`(async () => { ${code} })()`) as Promise<T>;

/** The bodies of the tracker's POST /v1/events requests, in the order they were sent. */
function eventRequests(): { events: { eventId: string; type: string; recommendationId?: string }[] }[] {
  const bodies: ReturnType<typeof eventRequests> = [];
  page.on("request", (request: Request) => {
    if (request.method() === "POST" && request.url().endsWith("/v1/events"))
      bodies.push(request.postDataJSON());
  });
  return bodies;
}

const profileOf = async (customerId: string) =>
  api.request("GET", `/v1/customers/${encodeURIComponent(customerId)}/profile`, { token: admin });

const itemsSeenBy = async (customerId: string) => {
  const res = await profileOf(customerId);
  return ((res.body.recentItems ?? []) as { itemId: string }[]).map((i) => i.itemId).sort();
};

describe("the tracker in a browser", () => {
  it("gets a visitor once, keeps it across page loads, and the visitor's views reach its profile", async () => {
    const visitorCalls: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/v1/visitors")) visitorCalls.push(r.method());
    });
    await openShop();
    const id = await inPage<string>("return await t.customerId()");
    expect(id).toMatch(/^anon-/);
    await inPage(`t.trackView("tent-1"); t.trackView("shoe-1"); await t.flush();`);

    await page.reload();
    await openShop();
    expect(await inPage<string>("return await t.customerId()")).toBe(id);
    expect(visitorCalls).toEqual(["POST"]);
    await expect.poll(() => itemsSeenBy(id), { timeout: 10_000 }).toEqual(["shoe-1", "tent-1"]);
  });

  it("sends a failed request again with the same eventIds, and each event counts once", async () => {
    const sent = eventRequests();
    let failNext = true;
    // Kindred takes the first request, but the page sees a 503, as when an answer is lost on the way back.
    await page.route(`${api.kindred.url}/v1/events`, async (route) => {
      if (route.request().method() !== "POST" || !failNext) return route.continue();
      failNext = false;
      await route.fetch();
      await route.fulfill({
        status: 503,
        headers: { "content-type": "application/problem+json", "access-control-allow-origin": "*" },
        body: JSON.stringify({ type: "about:blank", title: "Unavailable", status: 503, detail: "retry" }),
      });
    });
    await openShop();
    const id = await inPage<string>("return await t.customerId()");
    await inPage(`t.trackView("tent-1"); t.trackView("mug-1"); await t.flush();`);
    expect(
      await inPage<number>(`return JSON.parse(localStorage.getItem("kindred:state")).queue.length`),
    ).toBe(2);
    await inPage("await t.flush()");

    expect(sent).toHaveLength(2);
    const eventIds = sent.map((body) => body.events.map((e) => e.eventId));
    expect(eventIds[1]).toEqual(eventIds[0]);
    expect(
      await inPage<number>(`return JSON.parse(localStorage.getItem("kindred:state")).queue.length`),
    ).toBe(0);
    await api.kindred.poller.drain();
    expect((await profileOf(id)).body).toMatchObject({ eventCount: 2 });
  });

  it("keeps what was tracked while no visitor could be made, and sends it once one is", async () => {
    let refuse = true;
    await page.route(`${api.kindred.url}/v1/visitors`, async (route) => {
      if (route.request().method() !== "POST" || !refuse) return route.continue();
      await route.fulfill({
        status: 503,
        headers: { "content-type": "application/problem+json", "access-control-allow-origin": "*" },
        body: JSON.stringify({ type: "about:blank", title: "Unavailable", status: 503, detail: "retry" }),
      });
    });
    await openShop();
    await inPage(`t.trackView("tent-1"); t.trackView("shoe-1"); await t.flush();`);
    expect(
      await inPage<number>(`return JSON.parse(localStorage.getItem("kindred:state")).queue.length`),
    ).toBe(2);
    refuse = false;
    await inPage(`t.trackView("mug-1"); await t.flush();`);
    const id = await inPage<string>("return await t.customerId()");
    expect(id).toMatch(/^anon-/);
    await expect.poll(() => itemsSeenBy(id), { timeout: 10_000 }).toEqual(["mug-1", "shoe-1", "tent-1"]);
  });

  it("sends what is queued when the page is hidden, and the events arrive", async () => {
    await openShop();
    const id = await inPage<string>("return await t.customerId()");
    await inPage(`t.trackView("mug-1")`);
    // Leaving the page fires pagehide; the keepalive request outlives the page.
    await page.goto("about:blank");
    await expect.poll(() => itemsSeenBy(id), { timeout: 10_000 }).toEqual(["mug-1"]);
  });

  it("attributes a click to the response that showed the item", async () => {
    const sent = eventRequests();
    await openShop();
    const list = await inPage<{ recommendationId: string; items: { itemId: string }[] }>(`
      const res = await t.fetch("/v1/items/tent-1/also-viewed");
      const list = await res.json();
      const shown = { recommendationId: list.recommendationId, items: [{ itemId: "shoe-1" }, ...list.items] };
      t.trackImpression(shown);
      t.trackClick("shoe-1");
      await t.flush();
      return shown;`);
    expect(list.recommendationId).toBeTruthy();
    const events = sent.flatMap((body) => body.events);
    expect(events.map((e) => [e.type, e.recommendationId])).toEqual([
      ["impression", list.recommendationId],
      ["click", list.recommendationId],
    ]);
  });

  it("on identify, merges the visitor's history into the known customer and tracks as them", async () => {
    await openShop();
    const anonymous = await inPage<string>("return await t.customerId()");
    await inPage(`t.trackView("tent-1")`);
    const token = await api.token("kim", "customer");
    await inPage(
      `await t.identify("kim", ${JSON.stringify(token)}); t.trackView("shoe-1"); await t.flush();`,
    );
    expect(await inPage<string>("return await t.customerId()")).toBe("kim");
    await expect.poll(() => itemsSeenBy("kim"), { timeout: 10_000 }).toEqual(["shoe-1", "tent-1"]);
    await api.kindred.poller.drain();
    expect((await profileOf(anonymous)).status).toBe(404);
  });

  it("renews a visitor whose token is about to expire, carrying its history to the new id", async () => {
    await openShop();
    const first = await inPage<string>(
      `const id = await t.customerId(); t.trackView("mug-1"); await t.flush(); return id;`,
    );
    // The next page comes 11.5 hours later, 30 minutes before the token expires (the tracker renews an hour ahead).
    await inPage(`
      const state = JSON.parse(localStorage.getItem("kindred:state"));
      state.current.receivedAt = Date.now() - 11.5 * 3600 * 1000;
      state.current.expiresAt = Date.now() + 30 * 60 * 1000;
      localStorage.setItem("kindred:state", JSON.stringify(state));`);
    await openShop();
    const second = await inPage<string>("const id = await t.customerId(); await t.flush(); return id;");
    expect(second).toMatch(/^anon-/);
    expect(second).not.toBe(first);
    await expect.poll(() => itemsSeenBy(second), { timeout: 10_000 }).toEqual(["mug-1"]);
  });
});
