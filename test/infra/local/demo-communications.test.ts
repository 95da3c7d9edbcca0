import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PREFERENCES,
  demoCampaigns,
  demoCommunicationEvents,
} from "../../../infra/local/demo-communications.js";
import { DEMO_ITEMS, demoTraffic } from "../../../infra/local/demo-data.js";
import { type Client, startStack } from "../../support/local-stack.js";

/** The README's communications tour holds on the demo data, as `npm start` loads it. */
let api: Client;
let admin: string;
const now = Date.now();

beforeAll(async () => {
  api = await startStack();
  admin = await api.token("ops", "admin");
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items: DEMO_ITEMS } })).status).toBe(
    200,
  );
  const traffic = demoTraffic(now).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  for (let i = 0; i < traffic.length; i += 500) {
    const events = traffic.slice(i, i + 500);
    expect((await api.request("POST", "/v1/events", { token: admin, body: { events } })).status).toBe(202);
    await api.kindred.poller.drain();
  }
  for (const [customerId, body] of DEMO_PREFERENCES)
    expect(
      (await api.request("PUT", `/v1/customers/${customerId}/preferences`, { token: admin, body })).status,
    ).toBe(200);
  const events = demoCommunicationEvents(now);
  expect((await api.request("POST", "/v1/events", { token: admin, body: { events } })).body).toMatchObject({
    accepted: events.length,
  });
  await api.kindred.poller.drain();
}, 60_000);
afterAll(async () => {
  await api.kindred.close();
});

const next = (customerId: string, body: unknown) =>
  api.request("POST", `/v1/customers/${customerId}/messages/next`, { token: admin, body });

describe("the demo's communications", () => {
  const campaigns = demoCampaigns(now);

  it("hold Bob's weekly French newsletter back: he got one three days ago", async () => {
    const res = await next("demo-bob", campaigns.newsletter);
    expect(res.body).toMatchObject({ decision: "suppress", channel: "email" });
    expect(res.body.reasons).toEqual([expect.objectContaining({ type: "frequency_window" })]);
    const later = await next("demo-alice", campaigns.newsletter);
    expect(later.body).toMatchObject({ decision: "send", variantId: "newsletter-en" });
  });

  it("suppress Chen's payment reminder: she paid after it was sent", async () => {
    const res = await next("demo-chen", campaigns.reminder);
    expect(res.body).toMatchObject({ decision: "suppress" });
    expect(res.body.reasons).toEqual([
      expect.objectContaining({ type: "journey_event", eventType: "purchase" }),
    ]);
  });

  it("send Alice a statement with two combined notices and three recommended items", async () => {
    const res = await next("demo-alice", campaigns.statement);
    expect(res.body).toMatchObject({
      decision: "send",
      messageId: "statement",
      combined: [{ messageId: "fee-notice" }, { messageId: "privacy-notice" }],
    });
    expect(res.body).toMatchObject({ variantId: "statement-en" });
    expect(res.body.items).toHaveLength(3);
    const bob = await next("demo-bob", campaigns.statement);
    expect(bob.body).toMatchObject({ decision: "send", variantId: "statement-fr", channel: "email" });
  });
});
