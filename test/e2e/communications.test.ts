import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

/**
 * Communications over HTTP: every reason a message is sent, combined or suppressed, from preferences and
 * events sent to the running stack, as a campaign tool (ingest) and an app (customer) would.
 */
let api: Client;
let admin: string;
let campaigns: string;
watchLogs(["amelie", "bruno", "chloe", "dora", "emil"]);

const DAY = 86_400_000;
const at = (msAgo = 1000) => new Date(Date.now() - msAgo).toISOString();
let n = 0;
async function send(events: Record<string, unknown>[]) {
  const res = await api.request("POST", "/v1/events", {
    token: campaigns,
    body: { events: events.map((e) => ({ eventId: `comms-${n++}`, timestamp: at(), ...e })) },
  });
  expect(res.body).toMatchObject({ accepted: events.length });
  await api.kindred.poller.drain();
}
const sent = (customerId: string, messageId: string, messageChannel = "email", msAgo = 1000) => ({
  type: "message_sent",
  customerId,
  messageId,
  variantId: "v",
  messageChannel,
  timestamp: at(msAgo),
});
const prefer = async (customerId: string, channels: Record<string, unknown>, personalization = true) => {
  const body = { personalization, blockedCategories: [], locationConsent: false, channels };
  const res = await api.request("PUT", `/v1/customers/${customerId}/preferences`, { token: admin, body });
  expect(res.status).toBe(200);
};
const next = (customerId: string, body: Record<string, unknown>, token = campaigns) =>
  api.request("POST", `/v1/customers/${customerId}/messages/next`, { token, body });
const reasons = (body: Record<string, unknown>) =>
  (body.reasons as { type: string; messageId?: string }[]).map((r) => `${r.messageId ?? ""}:${r.type}`);

const newsletter = {
  messageId: "newsletter",
  purpose: "marketing",
  variants: [
    { variantId: "news-en", language: "en" },
    { variantId: "news-fr", language: "fr" },
  ],
};
const bill = { messageId: "bill", purpose: "transactional", variants: [{ variantId: "bill-1" }] };

beforeAll(async () => {
  api = await startStack();
  [admin, campaigns] = await Promise.all([api.token("ops", "admin"), api.token("crm", "ingest")]);
  const items = ["tent", "mat", "stove", "lamp", "boots"].map((itemId) => ({
    itemId,
    categories: [`camping/${itemId}`],
  }));
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
  await send(items.map((i) => ({ type: "view", customerId: "crowd", itemId: i.itemId })));
});
afterAll(async () => {
  await api.kindred.close();
});

describe("preferences", () => {
  it("send marketing weekly by email in French, and hold the next one back until the week is over", async () => {
    await prefer("amelie", {
      preferred: "email",
      language: "fr",
      frequency: "weekly",
      byPurpose: { marketing: "email", transactional: "sms" },
    });
    const first = await next("amelie", { channel: "push", messages: [newsletter] });
    expect(first.body).toMatchObject({
      decision: "send",
      messageId: "newsletter",
      variantId: "news-fr",
      channel: "email",
    });
    expect(reasons(first.body)).toEqual([
      "newsletter:chosen",
      "newsletter:channel_by_purpose",
      "newsletter:variant",
    ]);
    expect(first.body.recommendationId).toEqual(expect.any(String));

    await send([sent("amelie", "newsletter", "email", 2 * DAY)]);
    const held = await next("amelie", { channel: "email", messages: [newsletter] });
    expect(held.body).toMatchObject({ decision: "suppress", channel: "email" });
    expect(reasons(held.body)).toEqual(["newsletter:frequency_window"]);

    const billed = await next("amelie", { channel: "email", messages: [newsletter, bill] });
    expect(billed.body).toMatchObject({ decision: "send", messageId: "bill", channel: "sms" });
    expect(reasons(billed.body)).toEqual([
      "newsletter:frequency_window",
      "bill:chosen",
      "bill:channel_by_purpose",
      "bill:variant",
      "bill:transactional",
    ]);
  });

  it("send no marketing to a customer whose frequency is never", async () => {
    await prefer("bruno", { preferred: "email", frequency: "never" });
    const res = await next("bruno", { channel: "email", messages: [newsletter] });
    expect(res.body).toMatchObject({ decision: "suppress" });
    expect(reasons(res.body)).toEqual(["newsletter:frequency_never"]);
  });
});

describe("journey-aware suppression and variants", () => {
  const reminder = {
    messageId: "payment-reminder",
    purpose: "transactional",
    variants: [
      { variantId: "reminder-1", sendNumber: 1 },
      { variantId: "reminder-2", sendNumber: 2 },
      { variantId: "reminder-final" },
    ],
    suppressIf: { eventTypes: ["purchase"], since: at(3 * DAY) },
  };

  it("picks the reminder's variant by how often it was sent, and suppresses it once the customer paid", async () => {
    const firstAsk = await next("chloe", { channel: "email", messages: [reminder] });
    expect(firstAsk.body).toMatchObject({ decision: "send", variantId: "reminder-1", channel: "email" });
    expect(reasons(firstAsk.body)).toContain("payment-reminder:channel_asked");
    await send([sent("chloe", "payment-reminder", "email", DAY)]);
    expect((await next("chloe", { channel: "email", messages: [reminder] })).body).toMatchObject({
      variantId: "reminder-2",
    });

    await send([{ type: "purchase", customerId: "chloe", itemId: "tent" }]);
    const paid = await next("chloe", { channel: "email", messages: [reminder, newsletter] });
    expect(paid.body).toMatchObject({ decision: "send", messageId: "newsletter", variantId: "news-en" });
    expect((paid.body.reasons as Record<string, unknown>[])[0]).toMatchObject({
      type: "journey_event",
      messageId: "payment-reminder",
      eventType: "purchase",
    });
  });

  it("considers the next message when no variant fits the customer", async () => {
    const german = {
      messageId: "de-promo",
      purpose: "marketing",
      variants: [{ variantId: "de", countries: ["DE"] }],
    };
    const res = await next("chloe", { channel: "email", messages: [german, bill] });
    expect(res.body).toMatchObject({ decision: "send", messageId: "bill" });
    expect(reasons(res.body)[0]).toBe("de-promo:no_variant");
  });
});

describe("combined communications and their free space", () => {
  const statement = {
    channel: "email",
    messages: [
      { messageId: "statement", purpose: "transactional", variants: [{ variantId: "statement-v" }] },
      {
        messageId: "fee-notice",
        purpose: "transactional",
        combinable: true,
        variants: [{ variantId: "fee-v" }],
      },
      {
        messageId: "terms-notice",
        purpose: "transactional",
        combinable: true,
        variants: [{ variantId: "terms-v" }],
      },
      { ...newsletter, combinable: true },
      { messageId: "survey", purpose: "marketing", variants: [{ variantId: "s" }] },
    ],
    fill: { source: "recommendations", limit: 3 },
  };

  it("puts two notices in a statement with three recommended items, saying why others stay out", async () => {
    await prefer("dora", { preferred: "email", frequency: "never" });
    await send([{ type: "view", customerId: "dora", itemId: "boots" }]);
    const res = await next("dora", statement);
    expect(res.body).toMatchObject({
      decision: "send",
      messageId: "statement",
      combined: [
        { messageId: "fee-notice", variantId: "fee-v" },
        { messageId: "terms-notice", variantId: "terms-v" },
      ],
      personalized: true,
    });
    expect(res.body.items).toHaveLength(3);
    expect(reasons(res.body)).toEqual(
      expect.arrayContaining(["newsletter:frequency_never", "survey:not_combinable", "fee-notice:combined"]),
    );
  });

  it("fills without personalization, and says so, when the customer switched it off", async () => {
    await prefer("emil", { preferred: "email" }, false);
    const res = await next("emil", statement);
    expect(res.body).toMatchObject({ decision: "send", personalized: false });
    expect(reasons(res.body)).toContain(":not_personalized");
  });
});

describe("the batch for a campaign tool", () => {
  it("decides for each customer in order, and refuses customer tokens and bad input naming the field", async () => {
    const body = { customerIds: ["amelie", "bruno", "nobody-yet"], channel: "email", messages: [newsletter] };
    const res = await api.request("POST", "/v1/messages/next", { token: campaigns, body });
    expect(res.status).toBe(200);
    const decisions = res.body.decisions as Record<string, unknown>[];
    expect(decisions.map((d) => [d.customerId, d.decision])).toEqual([
      ["amelie", "suppress"],
      ["bruno", "suppress"],
      ["nobody-yet", "send"],
    ]);
    const customer = await api.token("amelie", "customer");
    expect((await api.request("POST", "/v1/messages/next", { token: customer, body })).status).toBe(403);
    const tooMany = { ...body, customerIds: Array.from({ length: 1001 }, (_, i) => `c${i}`) };
    const refused = await api.request("POST", "/v1/messages/next", { token: campaigns, body: tooMany });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: "customerIds" })]);
  });

  it("lets a customer ask for itself only; a bad message is a 400 naming the field", async () => {
    const amelie = await api.token("amelie", "customer");
    expect((await next("me", { channel: "email", messages: [bill] }, amelie)).status).toBe(200);
    expect((await next("bruno", { channel: "email", messages: [bill] }, amelie)).status).toBe(403);
    const bad = await next("amelie", { channel: "fax", messages: [{ ...bill, purpose: "spam" }] });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
      "channel",
      "messages.0.purpose",
    ]);
  });
});

describe("experiments on the messages placement", () => {
  it("tag decisions, let a variant fill with offers instead, and attribute clicks", async () => {
    const experiment = {
      placement: "messages",
      status: "running",
      variants: [
        { name: "control", weight: 1, strategy: {} },
        { name: "offers", weight: 1, strategy: { messageFill: "offers" } },
      ],
    };
    expect(
      (await api.request("PUT", "/v1/experiments/fill-1", { token: admin, body: experiment })).status,
    ).toBe(200);
    const res = await next("dora", {
      channel: "email",
      messages: [bill],
      fill: { source: "recommendations", limit: 3 },
    });
    expect(res.body).toMatchObject({ experimentId: "fill-1", decision: "send" });
    expect(res.body.variant === "offers" ? res.body.offers : res.body.items).toEqual(expect.any(Array));
    await send([
      { type: "click", customerId: "dora", itemId: "stove", recommendationId: res.body.recommendationId },
    ]);
    const results = await api.request("GET", "/v1/experiments/fill-1/results", { token: admin });
    const variants = results.body.variants as { name: string; impressions: number; clicks: number }[];
    expect(variants.find((v) => v.name === res.body.variant)).toMatchObject({ impressions: 1, clicks: 1 });
  });
});
