import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTypes, TYPES_FILE } from "../../clients/typescript/generate-types.js";
import { createKindredClient, isProblem, type KindredClient } from "../../clients/typescript/src/index.js";
import { type Client, startStack } from "../support/local-stack.js";

/** The typed client (clients/typescript) against the real local server, as an app and an admin use it. */
let api: Client;
let admin: KindredClient;
let alice: KindredClient;

beforeAll(async () => {
  api = await startStack();
  admin = createKindredClient({ baseUrl: api.kindred.url, token: await api.token("ops", "admin") });
  // A token may be supplied by a function, asked before every request (renewed tokens are picked up).
  const aliceToken = await api.token("alice", "customer");
  alice = createKindredClient({ baseUrl: api.kindred.url, token: () => aliceToken });
});
afterAll(async () => {
  await api.kindred.close();
});

describe("the typed client's types", () => {
  it("are generated from the current OpenAPI document (run `npm run generate:client` when this fails)", async () => {
    expect(readFileSync(TYPES_FILE, "utf8") === (await generateTypes())).toBe(true);
  });
});

describe("the typed client against the local server", () => {
  it("writes the catalog, sends events and reads recommendations as typed data", async () => {
    const put = await admin.PUT("/v1/items", {
      body: {
        items: [
          { itemId: "tent-1", title: "Tent", categories: ["camping/tents"] },
          { itemId: "stove-1", categories: ["camping/cooking"] },
        ],
      },
    });
    expect(put.data).toEqual({ upserted: 2 });

    const timestamp = new Date(Date.now() - 1000).toISOString();
    const sent = await alice.POST("/v1/events", {
      body: {
        events: [
          { eventId: "c-1", type: "view", customerId: "alice", itemId: "tent-1", timestamp },
          { eventId: "c-2", type: "purchase", customerId: "alice", itemId: "tent-1", timestamp, value: 449 },
        ],
      },
    });
    expect(sent.response.status).toBe(202);
    expect(sent.data).toEqual({ accepted: 2, rejected: [], failed: [] });
    await api.kindred.poller.drain();

    const list = await alice.GET("/v1/customers/{customerId}/recommendations", {
      params: { path: { customerId: "me" }, query: { limit: 5 } },
    });
    expect(list.error).toBeUndefined();
    const items = list.data?.items ?? [];
    expect(list.data?.recommendationId).toEqual(expect.any(String));
    // Bought items never come back; the other one does, with its reasons.
    expect(items.map((i) => i.itemId)).not.toContain("tent-1");
    for (const item of items) expect(item.reasons.length).toBeGreaterThan(0);

    const profile = await alice.GET("/v1/customers/{customerId}/profile", {
      params: { path: { customerId: "me" } },
    });
    expect(profile.data?.customerId).toBe("alice");
  });

  it("asks for a customer's next message and the sending system reports the send, typed", async () => {
    const decision = await alice.POST("/v1/customers/{customerId}/messages/next", {
      params: { path: { customerId: "me" } },
      body: {
        channel: "email",
        messages: [
          { messageId: "welcome", purpose: "marketing", variants: [{ variantId: "w-1", sendNumber: 1 }] },
        ],
      },
    });
    expect(decision.data).toMatchObject({ decision: "send", messageId: "welcome", variantId: "w-1" });
    const timestamp = new Date(Date.now() - 1000).toISOString();
    // Sends are the sending system's to report (an ingest or admin token), not the customer's.
    const sent = await admin.POST("/v1/events", {
      body: {
        events: [
          {
            eventId: "c-sent-1",
            type: "message_sent",
            customerId: "alice",
            messageId: "welcome",
            variantId: "w-1",
            messageChannel: "email",
            recommendationId: decision.data?.recommendationId,
            timestamp,
          },
        ],
      },
    });
    expect(sent.data).toEqual({ accepted: 1, rejected: [], failed: [] });
  });

  it("pages through a list with nextCursor", async () => {
    const first = await admin.GET("/v1/items", { params: { query: { limit: 1 } } });
    expect(first.data?.items.map((i) => i.itemId)).toEqual(["stove-1"]);
    const cursor = first.data?.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const second = await admin.GET("/v1/items", { params: { query: { limit: 1, cursor } } });
    expect(second.data).toEqual({ items: [expect.objectContaining({ itemId: "tent-1" })] });
  });

  it("surfaces errors as typed problem details naming the field", async () => {
    const invalid = await admin.GET("/v1/items", { params: { query: { limit: 0 } } });
    expect(invalid.data).toBeUndefined();
    expect(invalid.response.status).toBe(400);
    expect(isProblem(invalid.error)).toBe(true);
    expect(invalid.error?.errors).toEqual([expect.objectContaining({ path: "limit" })]);

    const forbidden = await alice.GET("/v1/customers/{customerId}/profile", {
      params: { path: { customerId: "bob" } },
    });
    expect(forbidden.error).toMatchObject({ status: 403, title: "Forbidden" });

    const anonymous = createKindredClient({ baseUrl: api.kindred.url });
    const unauthenticated = await anonymous.GET("/v1/trending", {});
    expect(unauthenticated.error?.status).toBe(401);
    const health = await anonymous.GET("/v1/health");
    expect(health.data?.status).toBe("ok");
  });
});
