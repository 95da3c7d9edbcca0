import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { cpus } from "node:os";
import type { HttpEvent } from "../../functions/http/request.js";
import { signToken } from "../../infra/local/local-tokens.js";
import type { Principal } from "../../lib/auth/principal.js";
import { ENV } from "../../lib/config/env-names.js";
import { batchGet } from "../../lib/data/batch.js";
import { DynamoRecommendationReads, type ReadResult } from "../../lib/data/recommendation-reads.js";
import { placementRulesRow } from "../../lib/data/rows/index.js";
import { ALSO_VIEWED } from "../../lib/domain/co-occurrence.js";
import { personalProfile } from "../../lib/domain/preferences.js";
import { recentSources, sourceRows } from "../../lib/domain/recent-neighbours.js";
import { ALL, scopeId } from "../../lib/domain/trending.js";
import { parseRankRequest } from "../../lib/schemas/rank-request.js";
import { rankRequestSchema } from "../../lib/schemas/recommendation.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";
import { rankItems } from "../../lib/usecases/rank-items.js";
import { testApp } from "../support/consumer-harness.js";
import { benchClient, rankBody as benchRankBody, loadThroughConsumer, recentWorkload } from "./bench-data.js";
import { fiftyRules } from "./business-rules.js";
import { startBenchServer } from "./load.js";

/**
 * `npm run bench:rank`: where a rank request of 500 candidates spends this process's CPU (issue #18's
 * target: ≤ 2 ms of handler CPU). The store runs in a child process (test/bench/serving-server.ts), so this
 * process's CPU is the handler's. Over RUNS requests after WARM_UP, in ms per request: the deployed handler
 * in all, then its parts measured alone — JSON body parse, schema parse (zod alone, then as the handler
 * parses), the store reads (SDK), the ranking
 * with the reads in memory, and serialising the response — without rules and with the bench's 50 rules in
 * force (those of `rank` and `*` apply). `BENCH_EVENTS` sets the traffic loaded (default 20,000);
 * `BENCH_CPU_PROFILE=/tmp/rank` also writes V8 CPU profiles of the handler's calls (open them in
 * Chrome's DevTools), to see the hot spots.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARM_UP = 30;
const CANDIDATES = 500;
const SPEC = {
  events: Number(process.env.BENCH_EVENTS ?? 20_000),
  customers: 2_000,
  items: 5_000,
  zipfExponent: 1.1,
  duplicateRate: 0,
  seed: 7,
};

const secret = randomBytes(32).toString("hex");
const server = await startBenchServer(secret);
try {
  const db = benchClient(server);
  // The serving benchmark's data, smaller: a Zipf catalog of 5,000 items and traffic ending a minute ago.
  const { workload, events } = recentWorkload(SPEC);
  await loadThroughConsumer(db, server.tableName, workload, events);
  const customers = [...new Set(events.map((e) => e.customerId))];

  const rankBody = (n: number) => benchRankBody(n, CANDIDATES, SPEC.items);
  const customerOf = (n: number) => customers[n % customers.length] as string;
  const bodies = Array.from({ length: RUNS }, (_, n) => JSON.stringify(rankBody(n)));

  Object.assign(process.env, {
    [ENV.tableName]: server.tableName,
    [ENV.streamName]: "unused",
    [ENV.dynamoEndpoint]: server.dynamoEndpoint,
    [ENV.kinesisEndpoint]: server.dynamoEndpoint,
  });
  const { handler } = (await import("../../functions/http/post-rank.js")) as unknown as {
    handler: (event: HttpEvent) => Promise<{ statusCode?: number; body?: string }>;
  };
  const rankEvent = (n: number) =>
    ({
      headers: { "content-type": "application/json" },
      pathParameters: { customerId: customerOf(n) },
      body: bodies[n % RUNS],
      isBase64Encoded: false,
      requestContext: {
        requestId: `req-${n}`,
        authorizer: { jwt: { claims: { sub: "bench", scope: "admin", exp: 4_102_444_800 }, scopes: [] } },
      },
    }) as unknown as HttpEvent;

  /** CPU ms per call of `once(n)` over RUNS calls, after WARM_UP calls. */
  const cpuPerCall = async (once: (n: number) => unknown): Promise<number> => {
    for (let n = 0; n < WARM_UP; n++) await once(n);
    const before = process.cpuUsage();
    for (let n = 0; n < RUNS; n++) await once(n);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / RUNS;
  };

  // The parts, each alone. Reads: the two round trips rankItems makes, on a reads object of its own.
  const principal: Principal = { subject: "bench", scopes: new Set(["admin"]) };
  const parsedBodies = bodies.map((b) => JSON.parse(b) as unknown);
  const requests = parsedBodies.map((b) => rankRequestSchema.parse(b));
  const reads = new DynamoRecommendationReads(db, server.tableName);
  const scope = scopeId(ALL, ALL);
  const bothReads = async (n: number) => {
    const first = await reads.read({
      customerId: customerOf(n),
      trendScopes: [scope],
      placement: "rank",
      rules: "rank",
    });
    const rows = sourceRows(recentSources(personalProfile(first.profile?.state)));
    const second = await reads.read({
      itemIds: [...(requests[n % RUNS]?.items.map((c) => c.itemId) ?? []), ...rows.coViewed],
      neighbours: { relation: ALSO_VIEWED, itemIds: rows.coViewed },
      coBought: rows.coBought,
    });
    return { first, second };
  };
  const preread: { first: ReadResult; second: ReadResult }[] = [];
  for (let n = 0; n < RUNS; n++) preread.push(await bothReads(n));
  // Ranking alone: rankItems on the parsed request, its reads answered from memory.
  let current = 0;
  let wave = 0;
  const { lists } = testApp(db, server.tableName, { now: Date.now });
  const memoryLists = (withRules: ReadResult["rules"] | undefined): ListDeps => ({
    ...lists,
    reads: {
      read: async () => {
        const read = preread[current % RUNS] as { first: ReadResult; second: ReadResult };
        wave++;
        return wave % 2 === 1 ? { ...read.first, rules: withRules ?? read.first.rules } : read.second;
      },
      catalogEntries: (ids) => reads.catalogEntries(ids),
    },
  });
  const responses = await Promise.all(
    requests.map((r, n) => rankItems(principal, customerOf(n), r, memoryLists(undefined))),
  );

  const callHandler = async (n: number) => {
    const out = await handler(rankEvent(n));
    if (out.statusCode !== 200) throw new Error(`rank handler answered ${out.statusCode}: ${out.body}`);
  };
  /** With BENCH_CPU_PROFILE set, a V8 CPU profile of RUNS handler calls, to `<file>-<label>.cpuprofile`. */
  const profileHandler = async (label: string) => {
    const to = process.env.BENCH_CPU_PROFILE;
    if (!to) return;
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    for (let n = 0; n < RUNS; n++) await callHandler(n);
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(`${to}-${label.replace(/\W+/g, "-")}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };

  const measure = async (label: string) => {
    await profileHandler(label);
    const handlerMs = await cpuPerCall(callHandler);
    const jsonMs = await cpuPerCall((n) => JSON.parse(bodies[n % RUNS] as string));
    const zodMs = await cpuPerCall((n) => rankRequestSchema.parse(parsedBodies[n % RUNS]));
    const bodyMs = await cpuPerCall((n) => parseRankRequest(parsedBodies[n % RUNS]));
    const readsMs = await cpuPerCall((n) => bothReads(n));
    // The SDK's floor: two BatchGets (rank's two round trips) of one small row each.
    const floorMs = await cpuPerCall(async () => {
      for (let trip = 0; trip < 2; trip++)
        await batchGet(db, server.tableName, [placementRulesRow.key("rank")]);
    });
    const rules = label === "with rules" ? (await reads.read({ rules: "rank" })).rules : undefined;
    const rankMs = await cpuPerCall((n) => {
      current = n;
      wave = 0;
      return rankItems(principal, customerOf(n), requests[n % RUNS] as never, memoryLists(rules));
    });
    const serialiseMs = await cpuPerCall((n) => JSON.stringify(responses[n % RUNS]));
    const parts = jsonMs + bodyMs + readsMs + rankMs + serialiseMs;
    const f = (x: number) => x.toFixed(2);
    console.log(
      `| ${label}${rules ? ` (${rules.length} on rank)` : ""} | ${f(handlerMs)} | ${f(jsonMs)} | ${f(zodMs)} | ${f(bodyMs)} | ${f(readsMs)} | ${f(floorMs)} | ${f(rankMs)} | ${f(serialiseMs)} | ${f(handlerMs - parts)} |`,
    );
  };

  console.log(`
machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}
data: ${SPEC.items} items, ${events.length} events from ${customers.length} customers; ${CANDIDATES} candidates per request, ${RUNS} requests after ${WARM_UP} warm-up; CPU ms per request

| rules | handler in all | JSON body parse | zod schema parse | body parse as the handler does | store reads (SDK) | SDK floor: 2 BatchGets of 1 small row | ranking | response JSON | rest (middleware, auth, ...) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  await measure("none");
  const admin = await signToken(secret, { sub: "bench", scope: "admin" });
  for (const { ruleId, rule } of fiftyRules()) {
    const res = await fetch(`${server.url}/v1/rules/${ruleId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
    if (res.status >= 300) throw new Error(`PUT rule ${ruleId} answered ${res.status}`);
  }
  await measure("with rules");
} finally {
  server.stop();
}
