import { describe, expect, it } from "vitest";
import { bill, commsStack, DAY, newsletter, sent } from "../support/comms-harness.js";
import { watchLogs } from "../support/log-watch.js";

/** Communications for a campaign tool over HTTP: the batch, who may ask, bad input, experiments. */
watchLogs(["amelie", "bruno", "dora"]);
const stack = commsStack();
const next = (id: string, body: Record<string, unknown>, token?: string) => stack.next(id, body, token);

describe("the batch for a campaign tool", () => {
  it("decides for each customer in order, and refuses customer tokens and bad input naming the field", async () => {
    await stack.prefer("amelie", { preferred: "email", frequency: "weekly" });
    await stack.prefer("bruno", { preferred: "email", frequency: "never" });
    await stack.send([sent("amelie", "newsletter", "email", 2 * DAY)]);
    const body = { customerIds: ["amelie", "bruno", "nobody-yet"], channel: "email", messages: [newsletter] };
    const res = await stack.api.request("POST", "/v1/messages/next", { token: stack.campaigns, body });
    expect(res.status).toBe(200);
    const decisions = res.body.decisions as Record<string, unknown>[];
    expect(decisions.map((d) => [d.customerId, d.decision])).toEqual([
      ["amelie", "suppress"],
      ["bruno", "suppress"],
      ["nobody-yet", "send"],
    ]);
    const customer = await stack.api.token("amelie", "customer");
    expect((await stack.api.request("POST", "/v1/messages/next", { token: customer, body })).status).toBe(
      403,
    );
    const tooMany = { ...body, customerIds: Array.from({ length: 1001 }, (_, i) => `c${i}`) };
    const refused = await stack.api.request("POST", "/v1/messages/next", {
      token: stack.campaigns,
      body: tooMany,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: "customerIds" })]);
  });

  it("lets a customer ask for itself only; a bad message is a 400 naming the field", async () => {
    const amelie = await stack.api.token("amelie", "customer");
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
      (await stack.api.request("PUT", "/v1/experiments/fill-1", { token: stack.admin, body: experiment }))
        .status,
    ).toBe(200);
    const res = await next("dora", {
      channel: "email",
      messages: [bill],
      fill: { source: "recommendations", limit: 3 },
    });
    expect(res.body).toMatchObject({ experimentId: "fill-1", decision: "send" });
    expect(res.body.variant === "offers" ? res.body.offers : res.body.items).toEqual(expect.any(Array));
    await stack.send([
      { type: "click", customerId: "dora", itemId: "stove", recommendationId: res.body.recommendationId },
    ]);
    const results = await stack.api.request("GET", "/v1/experiments/fill-1/results", { token: stack.admin });
    const variants = results.body.variants as { name: string; impressions: number; clicks: number }[];
    expect(variants.find((v) => v.name === res.body.variant)).toMatchObject({ impressions: 1, clicks: 1 });
  });
});
