import { describe, expect, it } from "vitest";
import { at, bill, commsStack, DAY, newsletter, reasons, sent } from "../support/comms-harness.js";
import { watchLogs } from "../support/log-watch.js";

/**
 * Communications over HTTP: every reason a message is sent, combined or suppressed, from preferences and
 * events sent to the running stack, as a campaign tool (ingest) would ask. The batch, authorisation and
 * experiments: campaigns.test.ts.
 */
watchLogs(["amelie", "bruno", "chloe", "dora", "emil"]);
const stack = commsStack();
// The helpers close over the stack, not `this`.
const { send, prefer, next } = stack;

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
