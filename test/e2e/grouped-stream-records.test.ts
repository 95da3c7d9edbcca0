import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config/config.js";
import { createKinesisClient } from "../../lib/data/clients.js";
import { type Client, startStack } from "../support/local-stack.js";
import { watchLogs } from "../support/log-watch.js";
import { scopedEnv } from "../support/scoped-env.js";
import { readStream } from "../support/stream-reader.js";

// Local mode reads KINDRED_STREAM_RECORDS from its environment as Lambda does: set to `customer`, one
// request's events travel as one record per customer, and the loop from event to profile is the same.

watchLogs();
const env = scopedEnv();
let api: Client;

beforeAll(async () => {
  env.set({ KINDRED_STREAM_RECORDS: "customer" });
  api = await startStack();
});
afterAll(async () => {
  await api.kindred.close();
  env.restore();
});

describe("a local stack set to one stream record per customer and request", () => {
  it("writes one record per customer, and each event reaches its customer's profile once", async () => {
    const [till, admin] = await Promise.all([api.token("till-1", "ingest"), api.token("ops", "admin")]);
    const at = new Date().toISOString();
    const view = (eventId: string, customerId: string) => ({
      eventId,
      type: "view",
      customerId,
      itemId: "shoe-1",
      timestamp: at,
    });
    const sent = await api.request("POST", "/v1/events", {
      token: till,
      body: { events: [view("1", "gia"), view("2", "hal"), view("3", "gia"), view("1", "gia")] },
    });
    expect(sent).toMatchObject({ status: 202, body: { accepted: 4, rejected: [], failed: [] } });

    const { kinesisEndpoint, streamName } = api.kindred.stores;
    const kinesis = createKinesisClient(
      loadConfig({
        KINDRED_TABLE_NAME: "unused",
        KINDRED_STREAM_NAME: streamName,
        KINDRED_KINESIS_ENDPOINT: kinesisEndpoint,
      }),
    );
    const onStream = await readStream(kinesis, streamName);
    kinesis.destroy();
    expect(new Set(onStream.map((r) => r.sequenceNumber)).size).toBe(2);
    expect(onStream.every((r) => r.version === 2)).toBe(true);
    for (const [customerId, count] of [
      ["gia", 2],
      ["hal", 1],
    ] as const) {
      await expect
        .poll(
          async () =>
            (await api.request("GET", `/v1/customers/${customerId}/profile`, { token: admin })).body
              .eventCount,
          { timeout: 10_000 },
        )
        .toBe(count);
    }
  });
});
