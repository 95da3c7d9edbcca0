import { randomBytes, randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { signToken } from "../../infra/local/local-tokens.js";
import { benchClient, loadThroughConsumer, recentWorkload } from "./bench-data.js";
import { percentile, startBenchServer } from "./load.js";

/**
 * Freshness (issue #18): how long from `POST /v1/events` answering 202 until the event shows in the
 * customer's profile (its newest recent item), on the local server — the same handlers, stream and poller
 * as `npm start` — while other clients send `BENCH_EVENTS_PER_SECOND` events a second (default 200; more
 * than the one local consumer applies only measures a growing backlog). Probes are sent one at a time,
 * each by a customer of its own, and the profile is polled every POLL_MS, which bounds the resolution.
 * `BENCH_SECONDS` (default 20) sets how long.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 200);
const LOAD_CLIENTS = 4;
const EVENTS_PER_REQUEST = 25;
const POLL_MS = 20;
const SPEC = { events: 5_000, customers: 1_000, items: 2_000, zipfExponent: 1.1, duplicateRate: 0, seed: 11 };

const secret = randomBytes(32).toString("hex");
// The consumer's batches while probes run: how many records each held, and how long from one to the next
// (the poller's cycle: fetch, apply, checkpoint) — what a probe waits for.
const batches: { records: number; at: number }[] = [];
let measuring = false;
const server = await startBenchServer(secret, (line) => {
  if (measuring && line.message === "batch applied")
    batches.push({ records: Number(line.records), at: Date.parse(String(line.time)) });
});
try {
  const { workload, events } = recentWorkload(SPEC);
  await loadThroughConsumer(benchClient(server), server.tableName, workload, events);
  const ingest = await signToken(secret, { sub: "bench", scope: "ingest" });
  const admin = await signToken(secret, { sub: "bench", scope: "admin" });
  const itemIds = workload.items.map((i) => i.itemId);
  const view = (customerId: string, itemId: string) => ({
    eventId: randomUUID(),
    type: "view",
    customerId,
    itemId,
    timestamp: new Date().toISOString(),
    channel: "web",
  });
  const send = async (batch: unknown[]) => {
    const res = await fetch(`${server.url}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${ingest}`, "content-type": "application/json" },
      body: JSON.stringify({ events: batch }),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`POST /v1/events answered ${res.status}`);
  };

  const end = performance.now() + SECONDS * 1000;
  measuring = true;
  let loadEvents = 0;
  const started = performance.now();
  const load = Array.from({ length: RATE > 0 ? LOAD_CLIENTS : 0 }, async (_, worker) => {
    for (let n = 0; performance.now() < end; n++) {
      // Paced: each client's share of RATE, as a steady stream of requests.
      const due = started + ((n * LOAD_CLIENTS + worker) * EVENTS_PER_REQUEST * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      await send(
        Array.from({ length: EVENTS_PER_REQUEST }, (_, i) =>
          view(
            `load-${(worker * 7919 + n * 31 + i) % 500}`,
            itemIds[(n * 97 + i * 13) % itemIds.length] ?? "",
          ),
        ),
      );
      loadEvents += EVENTS_PER_REQUEST;
    }
  });

  const delays: number[] = [];
  let missed = 0;
  for (let probe = 0; performance.now() < end; probe++) {
    const customerId = `probe-${probe}`;
    const itemId = itemIds[probe % itemIds.length] ?? "";
    await send([view(customerId, itemId)]);
    const accepted = performance.now();
    let seen = false;
    while (!seen && performance.now() - accepted < 10_000) {
      const res = await fetch(`${server.url}/v1/customers/${customerId}/profile`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      const body = (await res.json()) as { recentItems?: { itemId: string }[] };
      seen = res.status === 200 && body.recentItems?.[0]?.itemId === itemId;
      if (!seen) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (seen) delays.push(performance.now() - accepted);
    else missed++;
  }
  await Promise.all(load);
  measuring = false;
  delays.sort((a, b) => a - b);
  const sizes = batches.map((b) => b.records).sort((a, b) => a - b);
  const cycles = batches
    .slice(1)
    .map((b, i) => b.at - (batches[i]?.at ?? b.at))
    .sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(0);
  console.log(`
machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}
load: ${RATE > 0 ? `${LOAD_CLIENTS} clients sending ${EVENTS_PER_REQUEST} events per request, ${f(loadEvents / SECONDS)} events/s` : "none"} for ${SECONDS} s; probes one at a time, profile polled every ${POLL_MS} ms

| probes | p50 ms | p90 ms | p99 ms | max ms | not seen within 10 s |
| ---: | ---: | ---: | ---: | ---: | ---: |
| ${delays.length} | ${f(percentile(delays, 50))} | ${f(percentile(delays, 90))} | ${f(percentile(delays, 99))} | ${f(delays.at(-1) ?? Number.NaN)} | ${missed} |

consumer: ${batches.length} batches; records per batch p50 ${percentile(sizes, 50)}, p99 ${percentile(sizes, 99)}; batch to batch p50 ${f(percentile(cycles, 50))} ms, p99 ${f(percentile(cycles, 99))} ms

target (issue #18): event accepted → visible in the profile, p99 ≤ 1 s locally under load — ${percentile(delays, 99) <= 1000 && missed === 0 ? "met" : "NOT met"}`);
} finally {
  server.stop();
}
