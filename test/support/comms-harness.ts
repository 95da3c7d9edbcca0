import { afterAll, beforeAll, expect } from "vitest";
import { type Client, startStack } from "./local-stack.js";

/** Milliseconds in a day. */
export const DAY = 86_400_000;
export const at = (msAgo = 1000) => new Date(Date.now() - msAgo).toISOString();

export const newsletter = {
  messageId: "newsletter",
  purpose: "marketing",
  variants: [
    { variantId: "news-en", language: "en" },
    { variantId: "news-fr", language: "fr" },
  ],
};
export const bill = { messageId: "bill", purpose: "transactional", variants: [{ variantId: "bill-1" }] };

/** A `message_sent` event as a messaging system reports it. */
export const sent = (customerId: string, messageId: string, messageChannel = "email", msAgo = 1000) => ({
  type: "message_sent",
  customerId,
  messageId,
  variantId: "v",
  messageChannel,
  timestamp: at(msAgo),
});

/** Each reason as `messageId:type`, in order. */
export const reasons = (body: Record<string, unknown>) =>
  (body.reasons as { type: string; messageId?: string }[]).map((r) => `${r.messageId ?? ""}:${r.type}`);

/**
 * The local stack for communications' end-to-end tests: a small camping catalog a crowd viewed, an admin
 * and a campaign tool's (`ingest`) token, and helpers to send events, set preferences and ask.
 */
export function commsStack() {
  const state = {} as { api: Client; admin: string; campaigns: string };
  let n = 0;
  beforeAll(async () => {
    state.api = await startStack();
    [state.admin, state.campaigns] = await Promise.all([
      state.api.token("ops", "admin"),
      state.api.token("crm", "ingest"),
    ]);
    const items = ["tent", "mat", "stove", "lamp", "boots"].map((itemId) => ({
      itemId,
      categories: [`camping/${itemId}`],
    }));
    const put = await state.api.request("PUT", "/v1/items", { token: state.admin, body: { items } });
    expect(put.status).toBe(200);
    await stack.send(items.map((i) => ({ type: "view", customerId: "crowd", itemId: i.itemId })));
  });
  afterAll(async () => {
    await state.api.kindred.close();
  });
  const stack = {
    get api() {
      return state.api;
    },
    get admin() {
      return state.admin;
    },
    get campaigns() {
      return state.campaigns;
    },
    /** Sends events as the campaign tool and waits until they are applied. */
    async send(events: Record<string, unknown>[]) {
      const res = await state.api.request("POST", "/v1/events", {
        token: state.campaigns,
        body: { events: events.map((e) => ({ eventId: `comms-${n++}`, timestamp: at(), ...e })) },
      });
      expect(res.body).toMatchObject({ accepted: events.length });
      await state.api.kindred.poller.drain();
    },
    async prefer(customerId: string, channels: Record<string, unknown>, personalization = true) {
      const body = { personalization, blockedCategories: [], locationConsent: false, channels };
      const res = await state.api.request("PUT", `/v1/customers/${customerId}/preferences`, {
        token: state.admin,
        body,
      });
      expect(res.status).toBe(200);
    },
    next(customerId: string, body: Record<string, unknown>, token = state.campaigns) {
      return state.api.request("POST", `/v1/customers/${customerId}/messages/next`, { token, body });
    },
  };
  return stack;
}
