import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryCheckpoints } from "../../infra/local/checkpoints.js";
import { StreamPoller } from "../../infra/local/stream-poller.js";
import { loadConfig } from "../../lib/config/config.js";
import { createDynamoClient, createKinesisClient } from "../../lib/data/clients.js";
import { geohash } from "../../lib/domain/geohash.js";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";
import { readableBytes } from "../support/readable-bytes.js";

/**
 * What the customer controls, end to end over HTTP and the stream, with every log line captured: nothing
 * personal may end up in a table or a log that the customer did not consent to, and erasure must hold
 * even when the whole stream is replayed.
 */
let api: Client;
let admin: string;
let till: string;
const logs = watchLogs(["lena", "ines", "anon-7f3a", "max"]);

const BERLIN = { lat: 52.520008, lon: 13.404954 };
const MUNICH = { lat: 48.137154, lon: 11.576124 };
/** How a coordinate could appear if it leaked: its leading digits. */
const COORDINATE_TRACES = ["52.5200", "13.4049", "48.1371", "11.5761"];

beforeAll(async () => {
  api = await startStack();
  [admin, till] = await Promise.all([api.token("ops", "admin"), api.token("till", "ingest")]);
  const items = [
    { itemId: "boots", categories: ["shoes/hiking"] },
    { itemId: "knife", categories: ["outdoor/knives"] },
    { itemId: "tent", categories: ["camping/tents"] },
  ];
  expect((await api.request("PUT", "/v1/items", { token: admin, body: { items } })).status).toBe(200);
});
afterAll(async () => {
  await api.kindred.close();
});

let n = 0;
const at = (secondsAgo = 0) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const send = async (token: string, events: Record<string, unknown>[]) => {
  const res = await api.request("POST", "/v1/events", {
    token,
    body: { events: events.map((e) => ({ eventId: `p-${n++}`, timestamp: at(1), ...e })) },
  });
  expect(res.status).toBe(202);
};
const profileOf = async (token: string) => api.request("GET", "/v1/customers/me/profile", { token });
const settle = () => api.kindred.poller.drain();

async function everyStoredText(): Promise<string> {
  const config = loadConfig(process.env);
  const db = createDynamoClient(config);
  const { TableNames = [] } = await db.send(new ListTablesCommand({}));
  const rows: string[] = [];
  for (const TableName of TableNames) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName, ExclusiveStartKey: start }));
      for (const row of page.Items ?? []) {
        rows.push(JSON.stringify(row, (_, v) => (v instanceof Uint8Array ? readableBytes(v) : v)));
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return rows.join("\n");
}

describe("preferences", () => {
  it("are the customer's to set and are shown in the profile; a bad one is refused naming the field", async () => {
    const lena = await api.token("lena", "customer");
    const cases: [unknown, string][] = [
      [{ personalization: "yes", blockedCategories: [], locationConsent: false }, "personalization"],
      [{ personalization: true, blockedCategories: ["/"], locationConsent: false }, "blockedCategories.0"],
      [
        {
          personalization: true,
          blockedCategories: [],
          locationConsent: false,
          channels: { preferred: "fax" },
        },
        "channels.preferred",
      ],
      [{ personalization: true, blockedCategories: [], locationConsent: false, tracking: true }, "tracking"],
      [{ personalization: true, blockedCategories: [] }, "locationConsent"],
    ];
    for (const [body, path] of cases) {
      const res = await api.request("PUT", "/v1/customers/me/preferences", { token: lena, body });
      expect(res, JSON.stringify(res.body)).toMatchObject({
        status: 400,
        body: { errors: [expect.objectContaining({ path })] },
      });
    }
    const good = {
      personalization: true,
      blockedCategories: ["outdoor/knives"],
      locationConsent: false,
      channels: { preferred: "email", language: "de", frequency: "weekly" },
    };
    expect(
      (await api.request("PUT", "/v1/customers/me/preferences", { token: lena, body: good })).status,
    ).toBe(200);
    expect((await profileOf(lena)).body.preferences).toEqual(good);
    expect(
      (
        await api.request("PUT", "/v1/customers/lena/preferences", {
          token: await api.token("max", "customer"),
          body: good,
        })
      ).status,
    ).toBe(403);
  });
});

describe("location", () => {
  it("keeps no coordinate or cell without consent, only a 5-character cell with it, and logs no coordinates", async () => {
    const lena = await api.token("lena", "customer");
    await send(lena, [
      { type: "location", customerId: "lena", location: BERLIN },
      { type: "view", customerId: "lena", itemId: "boots", location: { ...BERLIN, accuracyM: 5 } },
    ]);
    await settle();
    expect((await profileOf(lena)).body.lastLocation).toBeUndefined();

    const consent = { personalization: true, blockedCategories: [], locationConsent: true };
    expect(
      (await api.request("PUT", "/v1/customers/me/preferences", { token: lena, body: consent })).status,
    ).toBe(200);
    await send(lena, [{ type: "location", customerId: "lena", location: MUNICH }]);
    await settle();
    const { lastLocation } = (await profileOf(lena)).body as { lastLocation?: { geohash: string } };
    expect(lastLocation?.geohash).toBe(geohash(MUNICH.lat, MUNICH.lon, 5));

    const stored = await everyStoredText();
    for (const trace of COORDINATE_TRACES) expect(stored).not.toContain(trace);
    for (const trace of COORDINATE_TRACES) expect(logs.join("\n")).not.toContain(trace);
  });
});

describe("one customer across channels", () => {
  it("merges an anonymous visitor on identify, and shapes one profile from the till and the web", async () => {
    const ines = await api.token("ines", "customer");
    await send(till, [{ type: "view", customerId: "anon-7f3a", itemId: "tent", channel: "web" }]);
    await settle();
    await send(till, [
      { type: "identify", customerId: "ines", previousId: "anon-7f3a", channel: "web" },
      { type: "purchase", customerId: "ines", itemId: "boots", channel: "store", value: 120 },
    ]);
    await settle();
    const profile = (await profileOf(ines)).body as {
      recentItems: { itemId: string }[];
      channels: { channel: string; events: number }[];
      affinities: { feature: string }[];
      mergedAnonymousIds: string[];
    };
    expect(profile.recentItems.map((h) => h.itemId).sort()).toEqual(["boots", "tent"]);
    expect(profile.channels.map((c) => c.channel).sort()).toEqual(["store", "web"]);
    expect(profile.affinities.map((a) => a.feature)).toEqual(
      expect.arrayContaining(["category:camping", "category:shoes"]),
    );
    expect(profile.mergedAnonymousIds).toEqual(["anon-7f3a"]);
    expect((await api.request("GET", "/v1/customers/anon-7f3a/profile", { token: admin })).status).toBe(404);
  });
});

describe("no takeover through identify", () => {
  it("rejects a customer's identify naming another known customer; an admin merges known customers", async () => {
    await send(till, [{ type: "purchase", customerId: "kai", itemId: "knife", channel: "store" }]);
    await settle();
    const ola = await api.token("ola", "customer");
    const takeover = await api.request("POST", "/v1/events", {
      token: ola,
      body: {
        events: [
          {
            eventId: "grab",
            type: "identify",
            customerId: "ola",
            previousId: "kai",
            timestamp: new Date().toISOString(),
          },
        ],
      },
    });
    expect(takeover).toMatchObject({ status: 400, body: { errors: [{ path: "events.0.previousId" }] } });
    const merge = { previousId: "kai" };
    expect((await api.request("POST", "/v1/customers/ola/merge", { token: ola, body: merge })).status).toBe(
      403,
    );
    const merged = await api.request("POST", "/v1/customers/ola/merge", { token: admin, body: merge });
    expect(merged).toMatchObject({ status: 200, body: { customerId: "ola", previousId: "kai" } });
    expect((await profileOf(ola)).body).toMatchObject({ purchases: [{ itemId: "knife" }] });
    const again = await api.request("POST", "/v1/customers/ola/merge", { token: admin, body: merge });
    expect(again.status).toBe(200);
    expect((await profileOf(ola)).body).toMatchObject({ purchases: [{ itemId: "knife" }], eventCount: 1 });
    const unknown = await api.request("POST", "/v1/customers/ola/merge", {
      token: admin,
      body: { previousId: "nobody" },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("communications sent", () => {
  it("are shown in the export, decide the next message, and are erased with the customer (below)", async () => {
    const lena = await api.token("lena", "customer");
    await send(till, [
      {
        type: "message_sent",
        customerId: "lena",
        messageId: "newsletter-lena-week",
        variantId: "newsletter-de",
        messageChannel: "email",
      },
    ]);
    await settle();
    const profile = await profileOf(lena);
    expect(profile.body).toMatchObject({
      messagesSent: [
        { messageId: "newsletter-lena-week", times: 1, channel: "email", variantId: "newsletter-de" },
      ],
      sendsByChannel: [{ channel: "email", times: 1 }],
      latestEvents: expect.arrayContaining([{ type: "message_sent", at: expect.any(String) }]),
    });
    const next = await api.request("POST", "/v1/customers/me/messages/next", {
      token: lena,
      body: {
        channel: "email",
        messages: [
          {
            messageId: "newsletter-lena-week",
            purpose: "marketing",
            variants: [{ variantId: "n", sendNumber: 2 }],
          },
        ],
      },
    });
    expect(next.body).toMatchObject({ decision: "send", variantId: "n" });
  });
});

describe("erasure", () => {
  it("erases everything, stays erased when the whole stream is replayed, and a second erasure is a no-op", async () => {
    const lena = await api.token("lena", "customer");
    expect(
      (await api.request("DELETE", "/v1/customers/lena", { token: await api.token("max", "customer") }))
        .status,
    ).toBe(403);
    // What the scan below must no longer find is there before (in whichever format documents are stored).
    const before = (await everyStoredText()).split("\n").filter((row) => row.includes("lena"));
    expect(before.join("\n")).toContain("newsletter-lena-week");
    const erased = await api.request("DELETE", "/v1/customers/me", { token: lena });
    expect(erased).toMatchObject({ status: 202, body: { customerId: "lena" } });
    expect((await profileOf(lena)).status).toBe(404);

    // The stream from its very start, through the same consumer, as a fresh event source mapping would.
    const config = loadConfig(process.env);
    const { handler } = (await import("../../functions/stream/consume-events.js")) as {
      handler: (event: KinesisStreamEvent) => Promise<unknown>;
    };
    const replay = new StreamPoller({
      kinesis: createKinesisClient(config),
      streamName: config.streamName,
      handler: handler as never,
      batchSize: 3,
      checkpoints: memoryCheckpoints(),
      onFailure: async () => undefined,
    });
    await replay.start();
    await replay.drain();
    await replay.stop();

    expect((await profileOf(lena)).status).toBe(404);
    const stored = await everyStoredText();
    const mentions = stored.split("\n").filter((row) => row.includes("lena"));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toContain("erasedAt");
    for (const word of ["boots", "u281", "outdoor/knives", "email", "newsletter-lena-week"])
      expect(mentions[0]).not.toContain(word);

    expect((await api.request("DELETE", "/v1/customers/me", { token: lena })).status).toBe(202);
    expect((await api.request("DELETE", "/v1/customers/lena", { token: admin })).status).toBe(202);
  });
});

describe("logs", () => {
  it("carry no personal data: no customer ids in the clear, no tokens, no coordinates", async () => {
    const text = logs.join("\n");
    expect(text.length).toBeGreaterThan(0);
    for (const id of ["lena", "ines", "anon-7f3a", "max"]) expect(text).not.toContain(`"${id}"`);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    for (const trace of COORDINATE_TRACES) expect(text).not.toContain(trace);
    expect(text).toMatch(/"customer erased".*"customer":"c_[0-9a-f]{16}"/);
  });
});
