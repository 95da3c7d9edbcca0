import { describe, expect, it } from "vitest";
import { languageFits, ordinal } from "../../../lib/domain/message-variants.js";
import { decideNextMessage } from "../../../lib/domain/next-message.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import { DAY, message, prefer, sentAt, T0, withEvents } from "./message-fixtures.js";

const news = message({ messageId: "news", purpose: "marketing", variants: [{ variantId: "news-en" }] });

describe("deciding the next message", () => {
  it("sends the first candidate on the asked channel to a customer who chose nothing", () => {
    const d = decideNextMessage(undefined, "email", [news], T0);
    expect(d).toMatchObject({ decision: "send", messageId: "news", variantId: "news-en", channel: "email" });
    expect(d.reasons.map((r) => r.type)).toEqual(["chosen", "channel_asked", "variant"]);
  });

  it("routes each purpose to the customer's channel for it", () => {
    const p = prefer({ preferred: "email", byPurpose: { transactional: "sms" } });
    const bill = message({ messageId: "bill", purpose: "transactional", variants: [{ variantId: "b" }] });
    expect(decideNextMessage(p, "email", [bill], T0)).toMatchObject({ channel: "sms", messageId: "bill" });
    expect(decideNextMessage(p, "push", [news], T0)).toMatchObject({ channel: "push", messageId: "news" });
  });

  it("sends no marketing to a customer whose frequency is never, but transactional messages still go", () => {
    const p = prefer({ preferred: "email", frequency: "never" });
    const bill = message({ messageId: "bill", purpose: "transactional", variants: [{ variantId: "b" }] });
    const d = decideNextMessage(p, "email", [news, bill], T0);
    expect(d).toMatchObject({ decision: "send", messageId: "bill" });
    expect(d.reasons[0]).toMatchObject({ type: "frequency_never", messageId: "news" });
    expect(d.reasons.map((r) => r.type)).toContain("transactional");
    expect(decideNextMessage(p, "email", [news], T0).decision).toBe("suppress");
  });

  it("holds marketing back while the channel's frequency window holds a send", () => {
    const p = withEvents(prefer({ preferred: "email", frequency: "weekly" }), [sentAt(T0 - 6 * DAY, "bill")]);
    const held = decideNextMessage(p, "email", [news], T0);
    expect(held).toMatchObject({ decision: "suppress", channel: "email" });
    expect(held.reasons[0]).toMatchObject({
      type: "frequency_window",
      at: new Date(T0 - 6 * DAY).toISOString(),
    });
    expect(decideNextMessage(p, "sms", [news], T0).decision).toBe("send");
    expect(decideNextMessage(p, "email", [news], T0 + DAY).decision).toBe("send");
  });

  it("suppresses a message when the customer already did what it asks, naming the event", () => {
    const reminder = message({
      messageId: "reminder",
      purpose: "transactional",
      variants: [{ variantId: "r" }],
      suppressIf: { eventTypes: ["purchase"], since: new Date(T0 - DAY).toISOString() },
    });
    const before = withEvents(emptyProfile("c1"), [
      { type: "purchase", itemId: "x", timestamp: new Date(T0 - 2 * DAY).toISOString() },
    ]);
    expect(decideNextMessage(before, "email", [reminder], T0).decision).toBe("send");
    const paid = withEvents(before, [
      { type: "purchase", itemId: "y", timestamp: new Date(T0 - 60_000).toISOString() },
    ]);
    const d = decideNextMessage(paid, "email", [reminder], T0);
    expect(d.decision).toBe("suppress");
    expect(d.reasons[0]).toMatchObject({
      type: "journey_event",
      eventType: "purchase",
      messageId: "reminder",
    });
  });

  it("picks the most specific fitting variant: language, country, audience, send number", () => {
    const m = message({
      messageId: "m",
      purpose: "marketing",
      variants: [
        { variantId: "en", language: "en" },
        { variantId: "fr", language: "fr" },
        { variantId: "fr-BE", language: "fr", countries: ["BE"] },
        { variantId: "fr-returning-2", language: "fr", audience: "returning", sendNumber: 2 },
      ],
    });
    const french = prefer({ preferred: "email", language: "fr-CA" });
    expect(decideNextMessage(undefined, "email", [m], T0).variantId).toBe("en");
    expect(decideNextMessage(french, "email", [m], T0).variantId).toBe("fr");
    const belgian = withEvents(french, [{ type: "view", itemId: "a", context: { country: "BE" } }]);
    expect(decideNextMessage(belgian, "email", [m], T0).variantId).toBe("fr-BE");
    const again = withEvents(belgian, [{ type: "purchase", itemId: "a" }, sentAt(T0 - 60 * DAY, "m")]);
    expect(decideNextMessage(again, "email", [m], T0).variantId).toBe("fr-returning-2");
    // The exact regional tag beats the bare language, whichever comes first.
    const regional = message({
      messageId: "r",
      purpose: "marketing",
      variants: [
        { variantId: "fr", language: "fr" },
        { variantId: "fr-CA", language: "fr-CA" },
      ],
    });
    expect(decideNextMessage(french, "email", [regional], T0).variantId).toBe("fr-CA");
  });

  it("considers the next message when no variant fits", () => {
    const german = message({
      messageId: "de-only",
      purpose: "marketing",
      variants: [{ variantId: "de", language: "de" }],
    });
    const d = decideNextMessage(prefer({ preferred: "email", language: "fr" }), "email", [german, news], T0);
    expect(d).toMatchObject({ decision: "send", messageId: "news" });
    expect(d.reasons[0]).toMatchObject({ type: "no_variant", messageId: "de-only" });
  });

  it("combines the other combinable candidates that may go in the same communication", () => {
    const statement = message({
      messageId: "statement",
      purpose: "transactional",
      variants: [{ variantId: "s" }],
    });
    const notice = (id: string, extra = {}) =>
      message({
        messageId: id,
        purpose: "transactional",
        combinable: true,
        variants: [{ variantId: `${id}-v` }],
        ...extra,
      });
    const p = prefer({ preferred: "email", frequency: "never" });
    const d = decideNextMessage(
      p,
      "email",
      [
        statement,
        notice("fees"),
        notice("terms"),
        { ...news, combinable: true },
        message({ messageId: "solo", purpose: "transactional", variants: [{ variantId: "x" }] }),
      ],
      T0,
    );
    expect(d.combined).toEqual([
      { messageId: "fees", variantId: "fees-v" },
      { messageId: "terms", variantId: "terms-v" },
    ]);
    expect(
      d.reasons
        .filter((r) => r.type !== "combined" && r.messageId !== "statement")
        .map((r) => [r.messageId, r.type]),
    ).toEqual([
      ["news", "frequency_never"],
      ["solo", "not_combinable"],
    ]);
  });

  it("says 1st, 2nd, 3rd, 11th, 22nd and matches regional language tags", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 22, 101].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "22nd",
      "101st",
    ]);
    expect([
      languageFits("fr", "fr-CA"),
      languageFits("FR", "fr"),
      languageFits("fr-CA", "fr"),
      languageFits("de", "fr"),
    ]).toEqual([true, true, false, false]);
  });
});
