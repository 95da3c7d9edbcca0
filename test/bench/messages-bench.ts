import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { signToken } from "../../infra/local/local-tokens.js";
import type { Principal } from "../../lib/auth/principal.js";
import { loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createDynamoClient } from "../../lib/data/clients.js";
import { catalogItemRow, profileRow } from "../../lib/data/rows/index.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { nextMessageRequestSchema, nextMessagesRequestSchema } from "../../lib/schemas/messages.js";
import { nextMessage } from "../../lib/usecases/next-message.js";
import { type CampaignDeps, nextMessages } from "../../lib/usecases/next-messages.js";
import { testApp } from "../support/consumer-harness.js";
import { meterRequests } from "../support/request-meter.js";
import { loadThroughConsumer } from "./bench-data.js";
import { drive, startBenchServer } from "./load.js";
import { generateWorkload } from "./workload.js";

/**
 * `npm run bench:messages`: communications' decisions on the local HTTP server (its own process, in-memory
 * stores). The batch (`POST /v1/messages/next`, 1,000 customers) is measured in customers/s and p99 per
 * batch next to the floor — bare BatchGetItems of the same 1,000 profiles, 100 keys each, all at once, from
 * this process; the single decision (with three recommended items) next to a floor of as many keys as it
 * reads. Store round trips are counted in process.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_MS = 1000;
const BATCH = 1000;
const SPEC = { events: 40_000, customers: 4_000, items: 5_000, zipfExponent: 1.1, duplicateRate: 0, seed: 7 };

const messages = [
  {
    messageId: "newsletter",
    purpose: "marketing",
    variants: [
      { variantId: "news-en", language: "en" },
      { variantId: "news-fr", language: "fr" },
      { variantId: "news-returning", audience: "returning" },
    ],
  },
  {
    messageId: "reminder",
    purpose: "transactional",
    variants: [
      { variantId: "r1", sendNumber: 1 },
      { variantId: "r2", sendNumber: 2 },
      { variantId: "r-later" },
    ],
    suppressIf: { eventTypes: ["purchase"], since: new Date(Date.now() - 7 * 86_400_000).toISOString() },
  },
  { messageId: "notice", purpose: "transactional", combinable: true, variants: [{ variantId: "n" }] },
];

const secret = randomBytes(32).toString("hex");
const server = await startBenchServer(secret);
try {
  const config = loadConfig({
    [ENV.tableName]: server.tableName,
    [ENV.streamName]: "unused",
    [ENV.dynamoEndpoint]: server.dynamoEndpoint,
  });
  const db = createDynamoClient(config);
  // The serving benchmark's workload, ending a minute ago, plus a newsletter sent to every third customer.
  const workload = generateWorkload(SPEC);
  const shift = Date.now() - 60_000 - Math.max(...workload.events.map((e) => Date.parse(e.timestamp)));
  const events: KindredEvent[] = workload.events.map((e) => ({
    ...e,
    timestamp: new Date(Date.parse(e.timestamp) + shift).toISOString(),
  }));
  const customers = [...new Set(events.map((e) => e.customerId))];
  customers.forEach((customerId, i) => {
    if (i % 3 === 0)
      events.push({
        eventId: `sent-${i}`,
        type: "message_sent",
        customerId,
        messageId: "newsletter",
        variantId: "news-en",
        messageChannel: "email",
        timestamp: new Date(Date.now() - 30_000).toISOString(),
        channel: "other",
      });
  });
  await loadThroughConsumer(db, server.tableName, workload, events);
  const batchOf = (n: number) =>
    Array.from({ length: BATCH }, (_, i) => customers[(n * 7919 + i) % customers.length] as string);
  const token = await signToken(secret, { sub: "bench", scope: "ingest" });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status === 200;
  };
  const floorRead = (wanted: { pk: string; sk: string }[]) => {
    const chunks = [];
    for (let i = 0; i < wanted.length; i += 100) chunks.push(wanted.slice(i, i + 100));
    return Promise.all(
      chunks.map((Keys) => db.send(new BatchGetCommand({ RequestItems: { [server.tableName]: { Keys } } }))),
    );
  };

  // Round trips, in process against a metered client.
  const metered = createDynamoClient(config);
  const meter = meterRequests(metered);
  const campaign: CampaignDeps = testApp(metered, server.tableName, { now: Date.now }).messages;
  const principal: Principal = { subject: "bench", scopes: new Set(["ingest"]) };
  const single = { channel: "email", messages, fill: { source: "recommendations", limit: 3 } };
  const trips = { single: 0, singleRequests: 0, batch: 0, batchRequests: 0 };
  for (let n = 0; n < 20; n++) {
    meter.reset();
    await nextMessage(principal, customers[n] as string, nextMessageRequestSchema.parse(single), campaign);
    trips.single = Math.max(trips.single, meter.counts.roundTrips);
    trips.singleRequests = Math.max(trips.singleRequests, meter.counts.requests.BatchGetItemCommand ?? 0);
  }
  for (let n = 0; n < 3; n++) {
    meter.reset();
    const body = nextMessagesRequestSchema.parse({ customerIds: batchOf(n), channel: "email", messages });
    await nextMessages(principal, body, campaign);
    trips.batch = Math.max(trips.batch, meter.counts.roundTrips);
    trips.batchRequests = Math.max(trips.batchRequests, meter.counts.requests.BatchGetItemCommand ?? 0);
  }

  const f = (x: number, d = 1) => x.toFixed(d);
  const batch = await drive(2, SECONDS, WARM_UP_MS, (worker, i, n = worker * 100_003 + i) =>
    post("/v1/messages/next", { customerIds: batchOf(n), channel: "email", messages }),
  );
  const batchFloor = await drive(2, SECONDS, WARM_UP_MS, async (worker, i, n = worker * 100_003 + i) => {
    await floorRead(batchOf(n).map(profileRow.key));
    return true;
  });
  const singleKeys = 4 + 150 + 10;
  const one = await drive(16, SECONDS, WARM_UP_MS, (worker, i, n = worker * 100_003 + i) =>
    post(`/v1/customers/${customers[n % customers.length]}/messages/next`, single),
  );
  const itemKeys = workload.items.map((i) => catalogItemRow.key(i.itemId));
  const oneFloor = await drive(16, SECONDS, WARM_UP_MS, async (worker, i, n = worker * 100_003 + i) => {
    await floorRead(
      Array.from({ length: singleKeys }, (_, i) => itemKeys[(n * 7919 + i) % itemKeys.length] as never),
    );
    return true;
  });
  const ratio = (a: number, b: number) => `${f(a / b, 2)}×`;
  console.log(`
machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}
data: ${SPEC.items} items, ${events.length} events from ${customers.length} customers (a third sent the newsletter); ${SECONDS} s per run after ${WARM_UP_MS} ms warm-up

| run | clients | customers/s | req/s | p50 ms | p99 ms | floor customers/s | floor p99 ms | p99 ÷ floor p99 | store round trips (max) | errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| batch of ${BATCH} customers, 3 candidates, no fill | 2 | ${f(batch.perSecond * BATCH, 0)} | ${f(batch.perSecond, 2)} | ${f(batch.p50)} | ${f(batch.p99)} | ${f(batchFloor.perSecond * BATCH, 0)} | ${f(batchFloor.p99)} | ${ratio(batch.p99, batchFloor.p99)} | ${trips.batch} (${trips.batchRequests} BatchGets) | ${batch.errors} |
| one customer, with 3 recommended items | 16 | ${f(one.perSecond, 0)} | ${f(one.perSecond, 0)} | ${f(one.p50)} | ${f(one.p99)} | ${f(oneFloor.perSecond, 0)} (${singleKeys} keys) | ${f(oneFloor.p99)} | ${ratio(one.p99, oneFloor.p99)} | ${trips.single} (${trips.singleRequests} BatchGets) | ${one.errors} |`);
} finally {
  server.stop();
}
