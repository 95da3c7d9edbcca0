import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";

watchLogs();
let api: Client;
let admin: string;

beforeAll(async () => {
  api = await startStack();
  admin = await api.token("ops", "admin");
  const items = ["kayak", "paddle", "helmet"].map((itemId) => ({ itemId, categories: [`water/${itemId}`] }));
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
  const at = new Date(Date.now() - 60_000).toISOString();
  const events = ["a", "b", "c"].flatMap((s) => [
    { eventId: `x-${s}-1`, type: "view", customerId: `paddler-${s}`, itemId: "kayak", timestamp: at },
    { eventId: `x-${s}-2`, type: "view", customerId: `paddler-${s}`, itemId: "paddle", timestamp: at },
  ]);
  expect((await api.request("POST", "/v1/events", { token: admin, body: { events } })).status).toBe(202);
  await api.kindred.poller.drain();
});
afterAll(async () => {
  await api.kindred.close();
});

const experiment = (status: string) => ({
  placement: "also-viewed",
  status,
  variants: [
    { name: "control", weight: 1, strategy: {} },
    { name: "no-rotation", weight: 1, strategy: { rotation: { afterImpressions: 1000 } } },
  ],
});

describe("an A/B test over HTTP", () => {
  it("tags the placement's lists, attributes a click from the stream, and reports per variant", async () => {
    expect(
      (await api.request("PUT", "/v1/experiments/av-1", { token: admin, body: experiment("running") }))
        .status,
    ).toBe(200);
    const customer = await api.token("kira", "customer");
    const list = await api.request("GET", "/v1/items/kayak/also-viewed?customerId=me", { token: customer });
    expect(list.body).toMatchObject({
      experimentId: "av-1",
      variant: expect.stringMatching(/^(control|no-rotation)$/),
    });
    const click = {
      eventId: "kira-click-1",
      type: "click",
      customerId: "kira",
      itemId: "paddle",
      recommendationId: list.body.recommendationId,
      timestamp: new Date().toISOString(),
    };
    expect(
      (await api.request("POST", "/v1/events", { token: customer, body: { events: [click] } })).status,
    ).toBe(202);
    await api.kindred.poller.drain();

    const results = await api.request("GET", "/v1/experiments/av-1/results", { token: admin });
    expect(results.status).toBe(200);
    const variants = results.body.variants as { name: string; impressions: number; clicks: number }[];
    expect(variants.find((v) => v.name === list.body.variant)).toMatchObject({ impressions: 1, clicks: 1 });
    expect(results.body).toMatchObject({ experimentId: "av-1", status: "running", conclusive: false });
  });

  it("refuses a bad definition naming the field, a second running test on the placement, and non-admins", async () => {
    const bad = {
      ...experiment("running"),
      variants: [{ name: "only", weight: 1, strategy: { diversity: 2 } }],
    };
    const res = await api.request("PUT", "/v1/experiments/av-2", { token: admin, body: bad });
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(["variants", "variants.0.strategy.diversity"]),
    );
    expect(
      (await api.request("PUT", "/v1/experiments/av-2", { token: admin, body: experiment("running") }))
        .status,
    ).toBe(409);
    const customer = await api.token("kira", "customer");
    expect((await api.request("GET", "/v1/experiments/av-1/results", { token: customer })).status).toBe(403);
    expect(
      (await api.request("PUT", "/v1/experiments/bad id", { token: admin, body: experiment("stopped") }))
        .status,
    ).toBe(400);
  });

  it("stops tagging as soon as the experiment is stopped", async () => {
    expect(
      (await api.request("PUT", "/v1/experiments/av-1", { token: admin, body: experiment("stopped") }))
        .status,
    ).toBe(200);
    const customer = await api.token("kira", "customer");
    const list = await api.request("GET", "/v1/items/kayak/also-viewed?customerId=me", { token: customer });
    expect(list.body.experimentId).toBeUndefined();
  });
});
