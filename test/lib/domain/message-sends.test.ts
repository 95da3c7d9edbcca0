import { describe, expect, it } from "vitest";
import { mergeProfileInPlace } from "../../../lib/domain/merge-profiles.js";
import { MESSAGE_LIMITS } from "../../../lib/domain/message-sends.js";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import { type ProfileState, workingCopy } from "../../../lib/domain/profile-state.js";
import { eventSchema, type KindredEvent } from "../../../lib/schemas/event.js";

const settings = { halfLifeMs: 30 * 86_400_000, maxFeatures: 64, minMagnitude: 0.01 };
const T0 = Date.parse("2026-11-01T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const sent = (messageId: string, minutes: number, channel: "email" | "sms" = "email"): KindredEvent => ({
  eventId: `${messageId}-${minutes}-${channel}`,
  type: "message_sent",
  customerId: "c1",
  timestamp: at(minutes),
  channel: "other",
  messageId,
  variantId: `${messageId}-v`,
  messageChannel: channel,
});

const fold = (p: ProfileState, events: KindredEvent[]) =>
  applyEvents(
    p,
    events.map((event) => ({ event, features: undefined })),
    settings,
  );

describe("message_sent events", () => {
  it("are validated: message id and channel required, message fields only on them", () => {
    const base = { eventId: "e", customerId: "c1", timestamp: at(0) };
    const missing = eventSchema.safeParse({ ...base, type: "message_sent" });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join("."))).toEqual(["messageId", "messageChannel"]);
    const stray = eventSchema.safeParse({ ...base, type: "view", itemId: "a", messageId: "m" });
    expect(stray.error?.issues.map((i) => i.path.join("."))).toEqual(["messageId"]);
    const fax = eventSchema.safeParse({
      ...base,
      type: "message_sent",
      messageId: "m",
      messageChannel: "fax",
    });
    expect(fax.error?.issues.map((i) => i.path.join("."))).toEqual(["messageChannel"]);
  });

  it("count per message and per channel, the latest send's channel and variant remembered", () => {
    const p = fold(emptyProfile("c1"), [
      sent("news", 10),
      sent("news", 20, "sms"),
      sent("bill", 5),
      sent("news", 1),
    ]);
    expect(p.messages?.sent.news).toEqual({
      times: 3,
      lastAt: T0 + 20 * 60_000,
      channel: "sms",
      variantId: "news-v",
    });
    expect(p.messages?.channels).toEqual({
      email: { times: 3, lastAt: T0 + 10 * 60_000 },
      sms: { times: 1, lastAt: T0 + 20 * 60_000 },
    });
    expect(p.latestByType?.message_sent).toBe(T0 + 20 * 60_000);
  });

  it("count even with personalization off, and note the latest time of every event type", () => {
    let p = emptyProfile("c1");
    p = { ...p, preferences: { personalization: false, blockedCategories: [], locationConsent: false } };
    p = { ...p, personalizationPausedAt: T0 - 1 };
    const purchase: KindredEvent = { ...sent("x", 30), type: "purchase", itemId: "tent" };
    delete purchase.messageId;
    delete purchase.messageChannel;
    p = fold(p, [sent("news", 10), purchase]);
    expect(p.messages?.sent.news?.times).toBe(1);
    expect(p.latestByType).toEqual({ message_sent: T0 + 10 * 60_000, purchase: T0 + 30 * 60_000 });
    expect(p.purchases).toEqual([]);
  });

  it("keep at most MESSAGE_LIMITS.messages messages, forgetting the least recently sent", () => {
    const events = Array.from({ length: MESSAGE_LIMITS.messages + 5 }, (_, i) => sent(`m${i}`, i));
    const p = fold(emptyProfile("c1"), events);
    const ids = Object.keys(p.messages?.sent ?? {});
    expect(ids).toHaveLength(MESSAGE_LIMITS.messages);
    expect(ids).not.toContain("m0");
    expect(ids).toContain(`m${MESSAGE_LIMITS.messages + 4}`);
    expect(p.messages?.channels.email?.times).toBe(MESSAGE_LIMITS.messages + 5);
  });

  it("merge as one person's: counts add up, latest times win", () => {
    const a = fold(emptyProfile("c1"), [sent("news", 10), sent("bill", 5, "sms")]);
    const b = fold(emptyProfile("anon-1"), [sent("news", 30)]);
    const into = workingCopy(a);
    mergeProfileInPlace(into, b, settings);
    expect(into.messages?.sent.news).toMatchObject({ times: 2, lastAt: T0 + 30 * 60_000 });
    expect(into.messages?.channels.email).toEqual({ times: 2, lastAt: T0 + 30 * 60_000 });
    expect(into.latestByType?.message_sent).toBe(T0 + 30 * 60_000);
    expect(a.messages?.sent.news?.times).toBe(1);
  });
});
