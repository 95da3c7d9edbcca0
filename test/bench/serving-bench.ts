import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { HttpEvent } from "../../functions/http/request.js";
import { signToken } from "../../infra/local/local-tokens.js";
import type { Principal } from "../../lib/auth/principal.js";
import { ENV } from "../../lib/config/env-names.js";
import { CELL_SHARDS } from "../../lib/data/offer-store.js";
import { DynamoRecommendationReads, type RecommendationReads } from "../../lib/data/recommendation-reads.js";
import { catalogItemRow, offerCellRow, profileRow, type TableKey } from "../../lib/data/rows/index.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER } from "../../lib/domain/co-occurrence.js";
import { cellOf } from "../../lib/domain/geo.js";
import { customerOffersQuerySchema, offerSchema } from "../../lib/schemas/offer.js";
import { rankRequestSchema } from "../../lib/schemas/recommendation.js";
import { customerOffers } from "../../lib/usecases/customer-offers.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";
import { putOffers } from "../../lib/usecases/offers-admin.js";
import { rankItems } from "../../lib/usecases/rank-items.js";
import { recommendForCustomer } from "../../lib/usecases/recommend-for-customer.js";
import { relatedItems } from "../../lib/usecases/related-items.js";
import { trending } from "../../lib/usecases/trending.js";
import { testApp } from "../support/consumer-harness.js";
import { meterRequests } from "../support/request-meter.js";
import { benchClient, rankBody as benchRankBody, loadThroughConsumer, recentWorkload } from "./bench-data.js";
import { type ServingEndpointUnits, writeBenchResult } from "./bench-results.js";
import { fiftyRules } from "./business-rules.js";
import { drive, type LoadResult, startBenchServer } from "./load.js";

/**
 * `npm run bench:serving`: the local HTTP server (its own process, in-memory stores) under 16 concurrent
 * clients per list endpoint, next to the floor — a bare BatchGetItem of as many keys as the endpoint reads,
 * on the same store, from the same client process — plus store round trips counted per request and the
 * handler CPU of ranking 500 candidates.
 */
const CLIENTS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_MS = 1000;
const SPEC = { events: 40_000, customers: 4_000, items: 5_000, zipfExponent: 1.1, duplicateRate: 0, seed: 7 };
const RANK_CANDIDATES = 500;
const OFFERS = Number(process.env.BENCH_OFFERS ?? 100_000);

const secret = randomBytes(32).toString("hex");
const server = await startBenchServer(secret);
try {
  const db = benchClient(server);
  // Data: the consumer benchmark's workload, ending a minute ago, applied through the real consumer.
  const { workload, events } = recentWorkload(SPEC);
  await loadThroughConsumer(db, server.tableName, workload, events);

  const customers = [...new Set(events.map((e) => e.customerId))];
  // Items people looked at, weighted as they were: the pages these lists appear on.
  const seeds = events.filter((e) => e.itemId !== undefined).map((e) => e.itemId as string);
  // 100,000 offers spread over Germany (a bounding box of it), 200 m – 2 km each, loaded as an admin would.
  const germany = { lat: [47.3, 55.0], lon: [5.9, 15.0] } as const;
  const pointIn = (n: number) => ({
    lat: germany.lat[0] + (((n * 7919) % 10_007) / 10_007) * (germany.lat[1] - germany.lat[0]),
    lon: germany.lon[0] + (((n * 104_729) % 10_009) / 10_009) * (germany.lon[1] - germany.lon[0]),
  });
  const { offersAdmin } = testApp(db, server.tableName, { now: Date.now });
  const loader: Principal = { subject: "bench", scopes: new Set(["admin"]) };
  for (let start = 0; start < OFFERS; start += 500) {
    const batch = Array.from({ length: Math.min(500, OFFERS - start) }, (_, i) => {
      const n = start + i;
      return offerSchema.parse({
        offerId: `offer-${n}`,
        title: `Offer ${n}`,
        location: pointIn(n * 31 + 17),
        radiusM: 200 + (n % 10) * 200,
        validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        categories: [`dept${n % 10}`],
        priority: n % 50,
      });
    });
    await putOffers(loader, batch, offersAdmin);
  }
  console.error(`loaded ${OFFERS} offers`);

  const rankBody = (n: number) => benchRankBody(n, RANK_CANDIDATES, SPEC.items);
  const admin = await signToken(secret, { sub: "bench", scope: "admin" });

  interface Endpoint {
    name: string;
    request: (n: number) => { method: string; path: string; body?: unknown };
    /** Keys the endpoint reads in all, for the floor (an upper bound where a list can be shorter). */
    keys: number;
    /** The very keys a request reads, where their size differs from catalog entries' (offer cells). */
    floorKeys?: (n: number) => TableKey[];
    /** The same request, in process against a metered client: how many round trips it makes. */
    inProcess: (n: number, lists: ListDeps, principal: Principal) => Promise<unknown>;
  }
  const endpoints: Endpoint[] = [
    {
      name: "also-viewed (with customerId)",
      request: (n) => ({
        method: "GET",
        path: `/v1/items/${seeds[n % seeds.length]}/also-viewed?customerId=${customers[n % customers.length]}`,
      }),
      keys: 2 + 2 * 49 + 1,
      inProcess: (n, lists, p) =>
        relatedItems(
          p,
          ALSO_VIEWED,
          {
            itemId: seeds[n % seeds.length] as string,
            limit: 10,
            customerId: customers[n % customers.length],
          },
          lists,
        ),
    },
    {
      name: "bought-together",
      request: (n) => ({ method: "GET", path: `/v1/items/${seeds[n % seeds.length]}/bought-together` }),
      keys: 2 + 2 * 49,
      inProcess: (n, lists, p) =>
        relatedItems(p, BOUGHT_TOGETHER, { itemId: seeds[n % seeds.length] as string, limit: 10 }, lists),
    },
    {
      name: "trending (country + category)",
      request: (n) => ({
        method: "GET",
        path: `/v1/trending?country=${n % 2 ? "DE" : "FR"}&category=dept${n % 10}`,
      }),
      keys: 1 + 100,
      inProcess: (n, lists, p) =>
        trending(p, { country: n % 2 ? "DE" : "FR", category: `dept${n % 10}`, limit: 10 }, lists),
    },
    {
      name: "recommendations (for you)",
      request: (n) => ({
        method: "GET",
        path: `/v1/customers/${customers[n % customers.length]}/recommendations`,
      }),
      // Profile, ≤ 2 trending rows, the placement and the new arrivals; then ≤ 150 candidates' entries
      // and the neighbour rows of the ≤ 5 latest items (≤ 5 more for purchases).
      keys: 5 + 150 + 10,
      inProcess: (n, lists, p) =>
        recommendForCustomer(p, { customerId: customers[n % customers.length] as string, limit: 10 }, lists),
    },
    {
      name: `rank (${RANK_CANDIDATES} candidates)`,
      request: (n) => ({
        method: "POST",
        path: `/v1/customers/${customers[n % customers.length]}/rank`,
        body: rankBody(n),
      }),
      // Profile, trending row, placement and every candidate's entry; then the latest items' neighbour rows.
      keys: 3 + RANK_CANDIDATES + 10,
      inProcess: (n, lists, p) =>
        rankItems(p, customers[n % customers.length] as string, rankRequestSchema.parse(rankBody(n)), lists),
    },
    {
      name: `offers at a point (${OFFERS.toLocaleString("en")} offers over Germany)`,
      request: (n) => {
        const { lat, lon } = pointIn(n);
        return {
          method: "GET",
          path: `/v1/customers/${customers[n % customers.length]}/offers?lat=${lat}&lon=${lon}`,
        };
      },
      keys: CELL_SHARDS + 1,
      floorKeys: (n) => [
        ...Array.from({ length: CELL_SHARDS }, (_, shard) => offerCellRow.key(cellOf(pointIn(n)), shard)),
        profileRow.key(customers[n % customers.length] as string),
      ],
      inProcess: (n, _lists, p) =>
        customerOffers(
          p,
          customerOffersQuerySchema.parse({ customerId: customers[n % customers.length], ...pointIn(n) }),
          testApp(metered, server.tableName, { now: Date.now }).customerOffers,
        ),
    },
  ];

  // Round trips, counted on real requests of each kind.
  const metered = benchClient(server);
  const meter = meterRequests(metered);
  const lists: ListDeps = testApp(metered, server.tableName, { now: Date.now }).lists;
  const principal: Principal = { subject: "bench", scopes: new Set(["admin"]) };
  // What a new container's first list reads besides its own keys: the whole catalog projection.
  meter.reset();
  await lists.reads.read({ itemIds: ["any"] });
  const projectionLoad = { units: meter.counts.readCapacityUnits, requests: meter.counts.requests };
  // The same requests through a process's row cache (10 s, as deployed), after a first pass warmed it.
  const cachedLists: ListDeps = testApp(metered, server.tableName, {
    now: Date.now,
    config: { rowCacheMs: 10_000 },
  }).lists;
  const roundTrips = new Map<string, ServingEndpointUnits & { max: number; requests: number }>();
  const cpuMsSince = (before: NodeJS.CpuUsage, n: number) => {
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / n;
  };
  for (const e of endpoints) {
    let max = 0;
    let requests = 0;
    let readUnits = 0;
    let trips = 0;
    for (let n = 0; n < 10; n++) await e.inProcess(n + 1000, lists, principal); // warm the code paths
    const cpuBefore = process.cpuUsage();
    for (let n = 0; n < 50; n++) {
      meter.reset();
      await e.inProcess(n, lists, principal);
      max = Math.max(max, meter.counts.roundTrips);
      trips += meter.counts.roundTrips / 50;
      requests = Math.max(
        requests,
        Object.values(meter.counts.requests).reduce((a, b) => a + b, 0),
      );
      readUnits += meter.counts.readCapacityUnits / 50;
    }
    const cpuMs = cpuMsSince(cpuBefore, 50);
    for (let n = 0; n < 50; n++) await e.inProcess(n, cachedLists, principal);
    meter.reset();
    const cachedBefore = process.cpuUsage();
    for (let n = 0; n < 50; n++) await e.inProcess(n, cachedLists, principal);
    const cachedCpuMs = cpuMsSince(cachedBefore, 50);
    roundTrips.set(e.name, {
      max,
      requests,
      readUnits,
      cachedUnits: meter.counts.readCapacityUnits / 50,
      meanRoundTrips: trips,
      cachedRoundTrips: meter.counts.roundTrips / 50,
      cpuMs,
      cachedCpuMs,
    });
  }

  const itemKeys = workload.items.map((i) => catalogItemRow.key(i.itemId));
  const floorOf = (e: Endpoint) =>
    drive(CLIENTS, SECONDS, WARM_UP_MS, async (worker, n) => {
      const start = (worker * 7919 + n * 104_729) % itemKeys.length;
      const wanted =
        e.floorKeys?.(worker * 100_003 + n) ??
        Array.from({ length: e.keys }, (_, i) => itemKeys[(start + i) % itemKeys.length] as TableKey);
      const chunks = [];
      for (let i = 0; i < wanted.length; i += 100) chunks.push(wanted.slice(i, i + 100));
      await Promise.all(
        chunks.map((chunk) =>
          db.send(new BatchGetCommand({ RequestItems: { [server.tableName]: { Keys: chunk } } })),
        ),
      );
      return true;
    });

  const serve = (e: Endpoint) =>
    drive(CLIENTS, SECONDS, WARM_UP_MS, async (worker, n) => {
      const { method, path, body } = e.request(worker * 100_003 + n);
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${admin}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      await res.arrayBuffer();
      return res.status === 200;
    });

  const rows: string[] = [];
  const f = (x: number, d = 1) => x.toFixed(d);
  for (const e of endpoints) {
    const served = await serve(e);
    const floor = await floorOf(e);
    const trips = roundTrips.get(e.name);
    const ratio = served.p99 / floor.p99;
    rows.push(
      `| ${e.name} | ${f(served.perSecond, 0)} | ${f(served.p50)} | ${f(served.p99)} | ${e.keys} | ${f(floor.perSecond, 0)} | ${f(floor.p50)} | ${f(floor.p99)} | ${f(ratio, 2)}× ${ratio <= 3 ? "" : "(over 3×)"} | ${trips?.max} (${trips?.requests} requests) | ${f(trips?.readUnits ?? 0)} → ${f(trips?.cachedUnits ?? 0)} | ${served.errors} |`,
    );
    console.error(`measured ${e.name}`);
  }

  // Business rules: the lists without rules and with 50 in force (put and deleted through the API),
  // alternating for ROUNDS rounds so that drift in the machine's load falls on both alike.
  const rules = fiftyRules();
  const ruled = endpoints.filter((e) => /^(also-viewed|recommendations)/.test(e.name));
  const ROUNDS = 2;
  const loads = new Map<string, { without: LoadResult[]; with: LoadResult[] }>(
    ruled.map((e) => [e.name, { without: [], with: [] }]),
  );
  const setRules = async (method: "PUT" | "DELETE") => {
    for (const { ruleId, rule } of rules) {
      const res = await fetch(`${server.url}/v1/rules/${ruleId}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
        ...(method === "PUT" ? { body: JSON.stringify(rule) } : {}),
      });
      if (res.status >= 300) throw new Error(`${method} rule ${ruleId} answered ${res.status}`);
    }
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const e of ruled) loads.get(e.name)?.without.push(await serve(e));
    await setRules("PUT");
    for (const e of ruled) loads.get(e.name)?.with.push(await serve(e));
    if (round < ROUNDS - 1) await setRules("DELETE");
    console.error(`measured the lists with and without ${rules.length} rules, round ${round + 1}`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ruleRows: string[] = [];
  for (const e of ruled) {
    const load = loads.get(e.name) as { without: LoadResult[]; with: LoadResult[] };
    meter.reset();
    await e.inProcess(7, lists, principal);
    const [bare, ruledP99] = [mean(load.without.map((l) => l.p99)), mean(load.with.map((l) => l.p99))];
    const ratio = ruledP99 / bare;
    const errors = load.with.reduce((n, l) => n + l.errors, 0);
    ruleRows.push(
      `| ${e.name} | ${load.without.map((l) => f(l.p99)).join(", ")} | ${load.with.map((l) => f(l.p99)).join(", ")} | ${f(ratio, 2)}× ${ratio <= 1.1 ? "" : "(over 1.1×)"} | ${meter.counts.roundTrips} | ${errors} |`,
    );
  }

  // Rank handler CPU: the deployed handler module, invoked in this process (dynalite runs in the server
  // process, so this process's CPU is the handler's: parsing, SDK, ranking, serialising).
  Object.assign(process.env, {
    [ENV.tableName]: server.tableName,
    [ENV.streamName]: "unused",
    [ENV.dynamoEndpoint]: server.dynamoEndpoint,
    [ENV.kinesisEndpoint]: server.dynamoEndpoint,
  });
  const { handler } = (await import("../../functions/http/post-rank.js")) as unknown as {
    handler: (event: HttpEvent) => Promise<{ statusCode?: number }>;
  };
  const rankEvent = (n: number) =>
    ({
      headers: { "content-type": "application/json" },
      pathParameters: { customerId: customers[n % customers.length] },
      body: JSON.stringify(rankBody(n)),
      isBase64Encoded: false,
      requestContext: {
        authorizer: { jwt: { claims: { sub: "bench", scope: "admin", exp: 4_102_444_800 }, scopes: [] } },
      },
    }) as unknown as HttpEvent;
  const runs = 200;
  for (let n = 0; n < 20; n++) await handler(rankEvent(n)); // warm
  const cpuBefore = process.cpuUsage();
  for (let n = 0; n < runs; n++) {
    const out = await handler(rankEvent(n));
    if (out.statusCode !== 200) throw new Error(`rank handler answered ${out.statusCode}`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const handlerCpuMs = (cpu.user + cpu.system) / 1000 / runs;

  // The same ranking with the reads already in memory: Kindred's own compute, without the SDK.
  const preread = new Map<number, Awaited<ReturnType<RecommendationReads["read"]>>>();
  const real = new DynamoRecommendationReads(db, server.tableName);
  for (let n = 0; n < runs; n++) {
    const body = rankBody(n);
    preread.set(
      n,
      await real.read({
        customerId: customers[n % customers.length],
        itemIds: body.items.map((i) => i.itemId),
        trendScopes: ["*#*"],
      }),
    );
  }
  let current = 0;
  const memoryLists: ListDeps = {
    ...lists,
    reads: {
      read: async () => preread.get(current) as never,
      catalogEntries: (ids) => real.catalogEntries(ids),
    },
  };
  const bodies = Array.from({ length: runs }, (_, n) => JSON.stringify(rankBody(n)));
  const rankFromBody = (n: number) =>
    rankItems(
      principal,
      customers[n % customers.length] as string,
      rankRequestSchema.parse(JSON.parse(bodies[n] as string)),
      memoryLists,
    );
  for (current = 0; current < 20; current++) await rankFromBody(current); // warm
  const computeBefore = process.cpuUsage();
  for (current = 0; current < runs; current++) await rankFromBody(current);
  const compute = process.cpuUsage(computeBefore);
  const computeMs = (compute.user + compute.system) / 1000 / runs;
  // The same again with the 50 rules in force on rank (read with the first wave, as the handler does).
  const stored = (await real.read({ rules: "rank" })).rules;
  for (const [n, read] of preread) preread.set(n, { ...read, rules: stored });
  for (current = 0; current < 20; current++) await rankFromBody(current); // warm
  const ruledBefore = process.cpuUsage();
  for (current = 0; current < runs; current++) await rankFromBody(current);
  const ruledCompute = process.cpuUsage(ruledBefore);
  const ruledComputeMs = (ruledCompute.user + ruledCompute.system) / 1000 / runs;

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
  // What the cost table (`npm run bench:cost`) needs, per endpoint.
  const written = writeBenchResult(
    "serving",
    {
      seconds: SECONDS,
      clients: CLIENTS,
      offers: OFFERS,
      rankHandlerCpuMs: handlerCpuMs,
      endpoints: endpoints.map((e) => ({ name: e.name, ...roundTrips.get(e.name) })),
    },
    machine,
  );
  console.log(`
machine: ${machine}, ${new Date().toISOString().slice(0, 10)}
data: ${SPEC.items} items, ${events.length} events from ${customers.length} customers; ${CLIENTS} concurrent clients, ${SECONDS} s per run after ${WARM_UP_MS} ms warm-up

| endpoint | req/s | p50 ms | p99 ms | floor keys | floor req/s | floor p50 ms | floor p99 ms | p99 ÷ floor p99 | store round trips (max of 50) | read units per request, no row cache → row cache warm | errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

A new process's first list also loads the catalog projection (${SPEC.items} items): ${f(projectionLoad.units)} read units in ${Object.values(projectionLoad.requests).reduce((a, b) => a + b, 0)} BatchGets, once per container.

in process, per request without row cache → with the warm row cache: store round trips ${endpoints.map((e) => `${e.name.split(" (")[0]} ${f(roundTrips.get(e.name)?.meanRoundTrips ?? 0, 2)} → ${f(roundTrips.get(e.name)?.cachedRoundTrips ?? 0, 2)}`).join(", ")}; CPU ms ${endpoints.map((e) => `${e.name.split(" (")[0]} ${f(roundTrips.get(e.name)?.cpuMs ?? 0, 2)} → ${f(roundTrips.get(e.name)?.cachedCpuMs ?? 0, 2)}`).join(", ")} (numbers for the cost table in ${written})

With ${rules.length} business rules in force (${stored.length} of them on rank: filters, boosts, promotions, pins), alternating with none over ${ROUNDS} rounds — target p99 ≤ 1.1× without:

| list | p99 ms without, per round | p99 ms with, per round | mean p99 with ÷ without | store round trips | errors |
| --- | ---: | ---: | ---: | ---: | ---: |
${ruleRows.join("\n")}

rank of ${RANK_CANDIDATES} candidates, handler CPU per request: ${f(handlerCpuMs, 2)} ms in all (body parse, SDK, ranking, response) — target ≤ 2 ms ${handlerCpuMs <= 2 ? "met" : "NOT met"}; Kindred's own work (JSON and schema parse, ranking) with the reads in memory: ${f(computeMs, 2)} ms; with the rules in force: ${f(ruledComputeMs, 2)} ms (applying ${stored.length} rules: ${f(ruledComputeMs - computeMs, 2)} ms)`);
} finally {
  server.stop();
}
