import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemo } from "../../../infra/local/load-demo.js";
import { launchChromium } from "../../support/chromium.js";
import { type Client, startStack } from "../../support/local-stack.js";

/**
 * The web console (clients/console) in a real headless Chromium, against the local server with the demo
 * data that `npm start` loads: the page is served by the server at /console and talks only to the API.
 */
let api: Client;
let admin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  api = await startStack();
  await loadDemo(api.kindred);
  admin = await api.token("admin", "admin");
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.kindred.close();
});

// Phone width: the console must work there, so the tests drive it there.
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  // A locator that finds nothing fails the test with its name, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => console.error(`console page error: ${error.message}`));
});
afterEach(async () => {
  await context.close();
});

/** A check that may take a moment on a busy machine: polled for up to 10 s (vitest's default is 1 s). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** Opens the console and pastes a token, as a person would. */
async function openConsole(token: string) {
  await page.goto(`${api.kindred.url}/console`);
  await page.getByLabel("Token (kept in this tab only)").fill(token);
  await page.getByRole("button", { name: "Use token" }).click();
}

async function openCustomer(customerId: string) {
  await page.getByLabel("Customer id", { exact: true }).fill(customerId);
  await page.getByRole("button", { name: "Open" }).click();
  await page.locator(".actions .who", { hasText: customerId }).waitFor();
}

/** Whether a canvas has anything drawn on it (Chart.js draws on a canvas). */
const canvasHasInk = (selector: string) =>
  page.evaluate<boolean>(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
    return false;
  })()`);

describe("the console in a browser", () => {
  it("is served at /console with its assets, and prints no token into the URL", async () => {
    const res = await fetch(`${api.kindred.url}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    for (const asset of ["/console/console.js", "/console/console.css"])
      expect((await fetch(`${api.kindred.url}${asset}`)).status).toBe(200);
    await openConsole(admin);
    await eventually(() => page.locator(".who").first().textContent()).toContain("scope admin");
    expect(page.url()).not.toContain(admin.slice(0, 20));
    expect(await page.evaluate<string>("location.href")).toBe(`${api.kindred.url}/console`);
  });

  it("opens a customer: interests as a chart, recent items with titles, lists with reasons in plain words", async () => {
    await openConsole(admin);
    await openCustomer("demo-alice");
    await eventually(() => canvasHasInk("#interests-h ~ .chart canvas")).toBe(true);
    const interests = await page.locator("#interests-h ~ .chart canvas").getAttribute("aria-label");
    expect(interests).toMatch(/^Interests, strongest first: /);
    // Titles come from the catalog: the demo's running shoes are named, not only numbered.
    await eventually(() => page.locator("#recent-h ~ ul").first().textContent()).toMatch(
      /Shoe|Tee|Watch|Socks/,
    );

    const forYou = page.locator('ol[aria-label="recommended for you"] > li');
    await forYou.first().waitFor();
    expect(await forYou.count()).toBeGreaterThan(0);
    expect(await forYou.first().locator(".score").textContent()).toMatch(/^score \d/);
    const reasons = await page.locator('ol[aria-label="recommended for you"] .reason').allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons)
      expect(reason).toMatch(
        /^(Shoppers who viewed|Often bought together|Matches an interest in|Popular right now|New in the catalog|Pinned to its place by rule|Promoted by rule)/,
      );
    expect(reasons.join(" ")).not.toMatch(/also_viewed|category:/);

    await page.locator('[data-list="offers"]').click();
    await page.getByLabel("Latitude (optional)").fill("52.5219");
    await page.getByLabel("Longitude (optional)").fill("13.4132");
    await page.getByRole("button", { name: "Show offers" }).click();
    const offer = page.locator('[data-offer-id="berlin-running"]');
    await offer.waitFor();
    expect(await offer.locator(".reason").allTextContents()).toContain("Close to where the customer is");
  });

  it("browses the catalog page by page, forwards and back", async () => {
    await openConsole(admin);
    await page.locator('nav button[data-view="catalog"]').click();
    const rows = page.locator("table.catalog tbody tr");
    await eventually(() => rows.count()).toBe(20);
    const first = await rows.first().locator("td").first().textContent();
    await page.getByRole("button", { name: "Next page" }).click();
    await page.locator("caption", { hasText: "Catalog, page 2" }).waitFor();
    // The demo has 32 items (more if another test added some): the second page holds the rest.
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    expect(await rows.locator("td:first-child").allTextContents()).not.toContain(first);
    expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.locator("caption", { hasText: "Catalog, page 1" }).waitFor();
    expect(await rows.first().locator("td").first().textContent()).toBe(first);
  });

  it("lists the business rules with what they do and when", async () => {
    await openConsole(admin);
    await page.locator('nav button[data-view="rules"]').click();
    const rows = page.locator("table.rules tbody tr");
    await eventually(() => rows.count()).toBeGreaterThanOrEqual(2);
    const jackets = rows.filter({ hasText: "winter-jackets" });
    expect(await jackets.locator("td").allTextContents()).toEqual([
      "winter-jackets",
      "recommendations",
      "Up to 20% of each page for the best items in apparel › jackets",
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d until \d{4}-.* UTC \(in force now\)$/),
      "winter-sale",
    ]);
    expect(await rows.filter({ hasText: "headlamp-third" }).locator("td").nth(2).textContent()).toBe(
      "lamp-1 at position 3",
    );
  });

  it("says so when the API cannot be reached, and a double click never skips a page", async () => {
    await openConsole(admin);
    await page.route("**/v1/items?**", (route) => route.abort());
    await page.locator('nav button[data-view="catalog"]').click();
    await eventually(() => page.locator(".view .status").first().textContent()).toMatch(/API unreachable/);
    await page.unroute("**/v1/items?**");
    await page.locator('nav button[data-view="trending"]').click();
    await page.locator('nav button[data-view="catalog"]').click();
    await eventually(() => page.locator("table.catalog tbody tr").count()).toBe(20);
    await page.getByRole("button", { name: "Next page" }).dblclick();
    await page.locator("caption", { hasText: "Catalog, page 2" }).waitFor();
    expect(await page.locator(".page-no").textContent()).toBe("Page 2");
  });

  it("shows a consenting customer's last coarse location as a cell on a map", async () => {
    const chen = await api.token("demo-chen", "customer");
    const prefs = { personalization: true, blockedCategories: [], locationConsent: true };
    expect(
      (await api.request("PUT", "/v1/customers/me/preferences", { token: chen, body: prefs })).status,
    ).toBe(200);
    const location = {
      eventId: "chen-where-1",
      type: "location",
      customerId: "demo-chen",
      timestamp: new Date().toISOString(),
      location: { lat: 52.3731, lon: 4.8926 },
    };
    expect(
      (await api.request("POST", "/v1/events", { token: chen, body: { events: [location] } })).status,
    ).toBe(202);
    await api.kindred.poller.drain();
    await openConsole(admin);
    await openCustomer("demo-chen");
    await page.locator("#where-h ~ .map path.location-cell").waitFor({ state: "attached" });
    expect(await page.locator("#where-h ~ p").first().textContent()).toMatch(/^Cell u17\w\w \(about 5 km\)/);
  });

  it("exports a customer as a JSON download of everything kept", async () => {
    await openConsole(admin);
    await openCustomer("demo-dara");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export (download JSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("kindred-customer-demo-dara.json");
    const path = await download.path();
    const exported = JSON.parse(await readFile(path, "utf8"));
    const profile = await api.request("GET", "/v1/customers/demo-dara/profile", { token: admin });
    expect(exported).toMatchObject({ customerId: "demo-dara", eventCount: profile.body.eventCount });
  });

  it("shows every offer as a circle on a map that needs no tile server", async () => {
    const tiles: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(api.kindred.url)) tiles.push(r.url());
    });
    await openConsole(admin);
    await page.locator('nav button[data-view="offers"]').click();
    await eventually(() => page.locator("#offers-map path.offer-circle").count()).toBe(6);
    // The countries' outlines are drawn from the bundle: the map has a base without any network.
    expect(await page.locator("#offers-map path").count()).toBeGreaterThan(6);
    expect(await page.locator("table caption", { hasText: "Offers" }).count()).toBe(1);
    expect(tiles).toEqual([]);
  });

  it("creates an experiment, reads its lift chart with the interval and p-value, and stops it", async () => {
    await openConsole(admin);
    await page.locator('nav button[data-view="experiments"]').click();
    await page.getByText("Create an experiment").click();
    await page.getByLabel("Experiment id").fill("console-ab");
    await page.getByLabel("Placement").selectOption("recommendations");
    await page.getByLabel("Impressions per variant before results are read").fill("100");
    await page.getByRole("button", { name: "Create and start" }).click();
    await eventually(() => page.locator("main .status").first().textContent()).toBe(
      "Created console-ab: running.",
    );
    await page.locator('[data-results-for="console-ab"]').waitFor();

    // Traffic: shoppers see their lists (impressions per variant); the treatment's click far more often.
    const clicks: { customerId: string; [field: string]: unknown }[] = [];
    const shown = { control: 0, "more-trending": 0 };
    const treatedIds = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const customerId = `ab-shopper-${i}`;
      const list = await api.request("GET", `/v1/customers/${customerId}/recommendations?limit=3`, {
        token: admin,
      });
      const first = (list.body.items as { itemId: string }[])[0];
      const treated = list.body.variant === "more-trending";
      shown[treated ? "more-trending" : "control"] += 1;
      if (treated) treatedIds.add(customerId);
      if (first && (treated ? i % 5 !== 0 : i % 4 === 0))
        clicks.push({
          eventId: `ab-click-${i}`,
          type: "click",
          customerId,
          itemId: first.itemId,
          recommendationId: list.body.recommendationId,
          timestamp: new Date().toISOString(),
        });
    }
    expect((await api.request("POST", "/v1/events", { token: admin, body: { events: clicks } })).status).toBe(
      202,
    );
    await api.kindred.poller.drain();

    // No click: the results on screen are asked again while the experiment runs. A refresh may have come
    // while the traffic was half sent, so wait for the whole of it.
    const row = (variant: string) =>
      page.locator(`[data-results-for="console-ab"] tr[data-variant="${variant}"]`);
    const treatment = row("more-trending");
    const counts = async (variant: string) =>
      (await row(variant).locator("td").allTextContents()).slice(0, 2).map(Number);
    const clicked = (variant: string) =>
      clicks.filter((c) => (treatedIds.has(c.customerId) ? "more-trending" : "control") === variant).length;
    await expect
      .poll(() => counts("more-trending"), { timeout: 15_000 })
      .toEqual([shown["more-trending"], clicked("more-trending")]);
    await expect
      .poll(() => counts("control"), { timeout: 15_000 })
      .toEqual([shown.control, clicked("control")]);
    expect(shown["more-trending"]).toBeGreaterThan(10);
    expect(await treatment.locator(".lift").textContent()).toMatch(/^\+\d+\.\d %$/);
    expect(await treatment.locator(".ci").textContent()).toMatch(/^\[[−+]?\d+\.\d %, \+\d+\.\d %\]$/);
    expect(await treatment.locator(".p").textContent()).toMatch(/^(< 0\.001|0\.\d{3})$/);
    expect(await page.locator('[data-results-for="console-ab"] .verdict').textContent()).toMatch(/onclusive/);
    await eventually(() => canvasHasInk(".lift-chart canvas")).toBe(true);
    expect(await page.locator(".lift-chart canvas").getAttribute("aria-label")).toMatch(
      /^Lift in click-through against control, with 95 % intervals: more-trending \+\d/,
    );

    // A customer's list says which arm served it.
    await page.locator('nav button[data-view="customer"]').click();
    await openCustomer("demo-alice");
    await page
      .locator(".experiment-note", {
        hasText: /^Served by experiment console-ab, variant (control|more-trending)\.$/,
      })
      .waitFor();

    await page.locator('nav button[data-view="experiments"]').click();
    await page.getByRole("button", { name: "Stop console-ab" }).click();
    await eventually(() => page.locator('tr[data-experiment-id="console-ab"] td').nth(2).textContent()).toBe(
      "stopped",
    );
  });

  it("erases a customer only after confirmation", async () => {
    await openConsole(admin);
    await openCustomer("demo-bob");
    await page.getByRole("button", { name: "Erase…" }).click();
    const dialog = page.getByRole("dialog", { name: "Erase demo-bob?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await api.request("GET", "/v1/customers/demo-bob/profile", { token: admin })).status).toBe(200);

    await page.getByRole("button", { name: "Erase…" }).click();
    await dialog.getByRole("button", { name: "Erase" }).click();
    await page.getByText("Erased demo-bob: profile, history, offers and preferences are gone.").waitFor();
    expect((await api.request("GET", "/v1/customers/demo-bob/profile", { token: admin })).status).toBe(404);
  });

  it("refreshes trending by itself while events flow", async () => {
    const item = {
      itemId: "ebike-9",
      title: "Electric Cargo Bike",
      categories: ["bikes/electric"],
      regions: ["US"],
    };
    expect((await api.request("PUT", "/v1/items", { token: admin, body: { items: [item] } })).status).toBe(
      200,
    );
    await openConsole(admin);
    await page.locator('nav button[data-view="trending"]').click();
    await page.getByLabel("Country (ISO code, optional)").fill("US");
    await page.getByLabel("Category (optional)").fill("bikes");
    await page.getByRole("button", { name: "Show" }).click();
    await page.locator(".meta", { hasText: "Updated" }).waitFor();
    expect(await page.locator('[data-item-id="ebike-9"]').count()).toBe(0);

    const at = new Date().toISOString();
    const events = Array.from({ length: 12 }, (_, i) => ({
      eventId: `trend-${i}`,
      type: "view",
      customerId: `us-rider-${i}`,
      itemId: "ebike-9",
      timestamp: at,
      context: { country: "US" },
    }));
    expect((await api.request("POST", "/v1/events", { token: admin, body: { events } })).status).toBe(202);
    await api.kindred.poller.drain();
    // No click: the view asks again on its own.
    await page.locator('[data-item-id="ebike-9"]').waitFor();
    expect(await page.locator('[data-item-id="ebike-9"] .title').textContent()).toBe("Electric Cargo Bike");
  });

  it("works from the keyboard, with every field labelled, and Escape cancels an erasure", async () => {
    await openConsole(admin);
    for (const view of ["customer", "catalog", "offers", "trending", "experiments", "rules", "live"]) {
      await page.locator(`nav button[data-view="${view}"]`).focus();
      await page.keyboard.press("Enter");
      await eventually(() =>
        page.locator(`nav button[data-view="${view}"]`).getAttribute("aria-current"),
      ).toBe("page");
      const unlabelled = await page.evaluate<
        string[]
      >(`[...document.querySelectorAll("input, select, textarea")]
        .filter((e) => e.labels.length === 0 && !e.getAttribute("aria-label"))
        .map((e) => e.name || e.outerHTML)`);
      expect(unlabelled, view).toEqual([]);
    }
    await page.locator('nav button[data-view="customer"]').click();
    await page.getByLabel("Customer id", { exact: true }).focus();
    await page.keyboard.type("demo-eli");
    await page.keyboard.press("Enter");
    await page.locator(".actions .who", { hasText: "demo-eli" }).waitFor();
    await page.getByRole("button", { name: "Erase…" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Erase demo-eli?" });
    await dialog.waitFor();
    // The safe choice has the focus; Escape closes the dialog and nothing is erased.
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Cancel");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await api.request("GET", "/v1/customers/demo-eli/profile", { token: admin })).status).toBe(200);
  });

  it("with a customer token, shows that customer only and says so on a 403", async () => {
    await openConsole(await api.token("demo-chen", "customer"));
    // A customer token opens its own profile at once (as `me`).
    await page.locator(".actions .who", { hasText: "demo-chen" }).waitFor();
    await openCustomerExpectingRefusal("demo-alice");
    await page.locator('nav button[data-view="catalog"]').click();
    await page.getByText("need an admin token").waitFor();
  });

  it("shows the latest accepted events with pseudonymised customers, for admins only", async () => {
    const at = new Date().toISOString();
    const sent = await api.request("POST", "/v1/events", {
      token: admin,
      body: {
        events: [
          { eventId: "live-1", type: "view", customerId: "demo-dara", itemId: "bike-1", timestamp: at },
        ],
      },
    });
    expect(sent.status).toBe(202);
    await api.kindred.poller.drain();
    await openConsole(admin);
    await page.locator('nav button[data-view="live"]').click();
    const row = page.locator("table.live tbody tr", { hasText: "bike-1" }).first();
    await row.waitFor();
    expect(await row.locator(".pseudonym").textContent()).toMatch(/^c_[0-9a-f]{16}$/);
    expect(await page.locator("table.live").textContent()).not.toContain("demo-");

    const customer = await api.token("demo-dara", "customer");
    expect((await api.request("GET", "/local/events", { token: customer })).status).toBe(403);
    expect((await api.request("GET", "/local/events")).status).toBe(401);
  });
  it("shows hostile titles as text, never as markup", async () => {
    const hostile = '<img src=x onerror="window.pwned=1">';
    const items = [{ itemId: "aaa-hostile", title: hostile, categories: ["bikes/city"] }];
    expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
    const offer = {
      offerId: "hostile-offer",
      title: hostile,
      location: { lat: 52.52, lon: 13.4 },
      radiusM: 500,
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    };
    expect((await api.request("PUT", "/v1/offers", { token: admin, body: { offers: [offer] } })).status).toBe(
      200,
    );
    try {
      await openConsole(admin);
      await page.locator('nav button[data-view="catalog"]').click();
      await page.locator("table.catalog td", { hasText: hostile }).waitFor();
      await page.locator('nav button[data-view="offers"]').click();
      await eventually(() => page.locator("#offers-map path.offer-marker").count()).toBe(7);
      for (const marker of await page.locator("#offers-map path.offer-marker").all())
        await marker.hover({ force: true });
      await page.locator(".leaflet-tooltip", { hasText: hostile }).first().waitFor({ state: "attached" });
      expect(await page.evaluate<unknown>("window.pwned")).toBeUndefined();
      expect(await page.locator("img[src=x]").count()).toBe(0);
    } finally {
      await api.request("DELETE", "/v1/offers/hostile-offer", { token: admin });
    }
  });
});

async function openCustomerExpectingRefusal(customerId: string) {
  await page.getByLabel(/^Customer id/).fill(customerId);
  await page.getByRole("button", { name: "Open" }).click();
  await page.getByText(/may not see this \(403\)/).waitFor();
}
