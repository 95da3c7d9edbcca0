import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import type { KindredProps } from "../../infra/constructs/kindred.js";
import { KindredStack } from "../../infra/kindred-stack.js";
import { templateOnlyApp } from "../support/cdk-app.js";
import { readBenchResult, type ServingEndpointUnits, type Stamped } from "./bench-results.js";
import {
  billedMs,
  type CostParts,
  costPerMillionEvents,
  costPerMillionRequests,
  idleCostPerMonth,
  PRICES,
  totalOf,
} from "./cost-model.js";

/**
 * `npm run bench:cost` (the last step of `npm run bench`): issue #18's cost table, computed from the units
 * `bench:consumer` and `bench:serving` measured (`.bench/*.json`) × list prices (cost-model.ts), with what
 * the CDK stack configures read from its synthesized template.
 */

// Assumptions: what cannot be measured on one machine. Every one is printed under the table.
/** Lambda's cores (Graviton) against this machine's, per unit of CPU work: taken as equal, not measured. */
const CPU_FACTOR = 1;
/** One sequential DynamoDB round trip from Lambda in the same region (single-digit ms; BatchGets of 100). */
const ROUND_TRIP_MS = 10;
/** The ingest function per request: validate a few events and one PutRecords (CPU not measured). */
const INGEST_CPU_MS = 2;
const INGEST_ROUND_TRIPS = 1;
/**
 * The function-URL front door's own work per request, beside the route's: verifying the token (jose, RS256,
 * keys cached: about 0.11 ms CPU measured on this machine) and routing; no store round trip.
 */
const FRONT_DOOR_CPU_MS = 0.15;
const EVENT_TARGET = 0.5;
const LIST_TARGET = 1.5;

interface ConsumerRun {
  label: string;
  batchSize: number;
  cpuMicrosPerEvent: number;
  writesPerEvent: number;
  wcuPerEvent: number;
  rcuPerEvent: number;
  roundTripsPerBatch: number;
  applied: number;
}
interface ConsumerResult {
  workload: { records: number; events: number };
  eventsPerIngestRequest: number;
  /** How the consumer wrote stored documents (KINDRED_DOCUMENT_FORMAT); results before it was kept: JSON. */
  documentFormat?: string;
  /** What the stream held (KINDRED_STREAM_RECORDS); results before it was kept: a record per event. */
  streamRecords?: string;
  /** Kinesis records per event (results before it was kept: 1). */
  recordsPerEvent?: number;
  /** Mean bytes of a record (data and partition key). */
  recordBytes: number;
  /** Mean KB billed per record written on demand, each rounded up to 1 KB (before it was kept: the mean's). */
  billedKbPerRecord?: number;
  /** Mean PUT payload units (25 KB each, started) per record on a provisioned stream. */
  putUnitsPerRecord?: number;
  maxRecordBytes: number;
  runs: ConsumerRun[];
}
interface ServingEndpoint extends ServingEndpointUnits {
  name: string;
}
interface ServingResult {
  endpoints: ServingEndpoint[];
}

/** What the deployed stack configures and creates, from its template (bundling skipped). */
interface Resource {
  Type: string;
  Properties?: {
    Description?: string;
    MemorySize?: number;
    Architectures?: string[];
    BatchSize?: number;
    MaximumBatchingWindowInSeconds?: number;
    StreamModeDetails?: { StreamMode?: string };
    AllowedOAuthFlows?: string[];
  };
}
function stackFacts(kindred: KindredProps) {
  const app = templateOnlyApp();
  const stack = new KindredStack(app, "Cost", { kindred });
  const resources = Object.values(
    (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources,
  );
  const of = (type: string) => resources.filter((r) => r.Type === type);
  const functions = of("AWS::Lambda::Function").map((r) => ({
    description: String(r.Properties?.Description ?? ""),
    memoryMb: Number(r.Properties?.MemorySize ?? 128),
    architecture: (r.Properties?.Architectures?.[0] ?? "x86_64") as "arm64" | "x86_64",
  }));
  const mapping = of("AWS::Lambda::EventSourceMapping")[0]?.Properties;
  const fn = (match: RegExp) => {
    const found = functions.find((f) => match.test(f.description));
    if (!found) throw new Error(`no function described ${match}`);
    return found;
  };
  return {
    functions,
    consumer: fn(/interaction events/),
    // Behind a function URL, the front door takes the events.
    ingest: fn(/^POST \/v1\/events$|front door/),
    batchSize: Number(mapping?.BatchSize ?? 100),
    batchingWindowSeconds: Number(mapping?.MaximumBatchingWindowInSeconds ?? 0),
    streamMode: of("AWS::Kinesis::Stream")[0]?.Properties?.StreamModeDetails?.StreamMode ?? "PROVISIONED",
    kmsKeys: of("AWS::KMS::Key").length,
    alarms: of("AWS::CloudWatch::Alarm").length,
    dashboards: of("AWS::CloudWatch::Dashboard").length,
    m2mAppClients: of("AWS::Cognito::UserPoolClient").filter((c) =>
      (c.Properties?.AllowedOAuthFlows ?? []).includes("client_credentials"),
    ).length,
    fanOutConsumers: of("AWS::Kinesis::StreamConsumer").length,
  };
}

const usd = (x: number) => (x >= 10 ? `$${x.toFixed(2)}` : `$${x.toFixed(3)}`);
const versus = (total: number, target: number) =>
  total <= target
    ? `met (${usd(target - total)} under)`
    : `**not met**: ${usd(total - target)} over (${(total / target).toFixed(1)}×)`;
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const partsRow = (label: string, detail: string, parts: CostParts, target: number) =>
  row([
    label,
    detail,
    usd(parts.apiGateway),
    usd(parts.lambda),
    usd(parts.dynamodb),
    usd(parts.kinesis),
    `**${usd(totalOf(parts))}**`,
    `≤ ${usd(target)}: ${versus(totalOf(parts), target)}`,
  ]);

const consumer: Stamped<ConsumerResult> = readBenchResult("consumer");
const serving: Stamped<ServingResult> = readBenchResult("serving");
const deployed = stackFacts({});
const provisioned = stackFacts({ stream: { mode: "provisioned", shards: 1 } });
const withOwnIdp = stackFacts({ jwtIssuer: "https://issuer.example.com", jwtAudience: ["a"] });
const viaFunctionUrl = stackFacts({ frontDoor: "function-url" });
const frontDoorFn = viaFunctionUrl.functions.find((f) => /front door/.test(f.description));
if (!frontDoorFn) throw new Error("no front door function in the function-url stack");
const hoursApart = Math.abs(Date.parse(consumer.measuredAt) - Date.parse(serving.measuredAt)) / 3_600_000;

const lines: string[] = [];
lines.push(
  `### Cost per million (issue #18), us-east-1 list prices of ${PRICES.asOf}`,
  "",
  `Measured: consumer ${consumer.measuredAt} (commit \`${consumer.commit}\`${consumer.dirty.length ? `, uncommitted: ${consumer.dirty.join(", ")}` : ""}), ` +
    `serving ${serving.measuredAt} (commit \`${serving.commit}\`${serving.dirty.length ? `, uncommitted: ${serving.dirty.join(", ")}` : ""}); ${consumer.machine}. ` +
    `The consumer wrote stored documents as ${consumer.data.documentFormat ?? "json"} (KINDRED_DOCUMENT_FORMAT); the stream held ${consumer.data.streamRecords === "customer" ? "one record per customer and request" : "one record per event"} (KINDRED_STREAM_RECORDS=${consumer.data.streamRecords ?? "event"}).` +
    (hoursApart > 2 ? ` **Warning: the two were measured ${hoursApart.toFixed(1)} h apart.**` : ""),
  "",
  row([
    "per million",
    "measured units (→ billed Lambda ms, estimated)",
    "API Gateway",
    "Lambda",
    "DynamoDB",
    "Kinesis",
    "total",
    "target",
  ]),
  row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---"]),
);

const c = consumer.data;
const recordsPerEvent = c.recordsPerEvent ?? 1;
/** The stream part of the units, as measured: records per event and what each is billed. */
const streamUnits = {
  recordBytes: c.recordBytes,
  recordsPerEvent,
  ...(c.billedKbPerRecord === undefined ? {} : { billedKbPerRecord: c.billedKbPerRecord }),
  ...(c.putUnitsPerRecord === undefined ? {} : { putUnitsPerRecord: c.putUnitsPerRecord }),
};
const ingestMs = billedMs({
  cpuMs: INGEST_CPU_MS,
  roundTrips: INGEST_ROUND_TRIPS,
  memoryMb: deployed.ingest.memoryMb,
  cpuFactor: CPU_FACTOR,
  roundTripMs: ROUND_TRIP_MS,
});
const eventCosts = c.runs.map((r) => {
  const consumerMsPerBatch = billedMs({
    // A batch is `batchSize` records: more events than that when records are grouped.
    cpuMs: (r.cpuMicrosPerEvent * r.batchSize) / recordsPerEvent / 1000,
    roundTrips: r.roundTripsPerBatch,
    memoryMb: deployed.consumer.memoryMb,
    cpuFactor: CPU_FACTOR,
    roundTripMs: ROUND_TRIP_MS,
  });
  const units = {
    writeUnitsPerEvent: r.wcuPerEvent,
    readUnitsPerEvent: r.rcuPerEvent,
    ...streamUnits,
    batchSize: r.batchSize,
    consumerMsPerBatch,
    consumerMemoryMb: deployed.consumer.memoryMb,
    eventsPerIngestRequest: c.eventsPerIngestRequest,
    ingestMsPerRequest: ingestMs,
    ingestMemoryMb: deployed.ingest.memoryMb,
    architecture: deployed.consumer.architecture,
    streamMode: "on-demand" as const,
    enhancedFanOut: false,
  };
  return {
    run: r,
    consumerMsPerBatch,
    parts: costPerMillionEvents(units),
    provisioned: costPerMillionEvents({ ...units, streamMode: "provisioned" }),
  };
});
/** A batch size in records and, where records are grouped, the events a full batch carries. */
const batchOf = (records: number) =>
  `batches of ${records.toLocaleString("en")}${recordsPerEvent < 1 ? ` grouped records (≈ ${(Math.round(records / recordsPerEvent / 100) * 100).toLocaleString("en")} events)` : ""}`;
for (const { run: r, parts, consumerMsPerBatch } of eventCosts)
  lines.push(
    partsRow(
      `events, ${batchOf(r.batchSize)}${r.batchSize === deployed.batchSize ? " (as deployed)" : ""}`,
      `${r.wcuPerEvent.toFixed(2)} WCU + ${r.rcuPerEvent.toFixed(2)} RCU / event; ${consumerMsPerBatch.toLocaleString("en")} ms / batch at ${deployed.consumer.memoryMb} MB`,
      parts,
      EVENT_TARGET,
    ),
  );

// Each batch size's events with POST /v1/events taken by the function-URL front door.
for (const urlEvents of eventCosts) {
  const frontDoorIngestMs = billedMs({
    cpuMs: INGEST_CPU_MS + FRONT_DOOR_CPU_MS,
    roundTrips: INGEST_ROUND_TRIPS,
    memoryMb: viaFunctionUrl.ingest.memoryMb,
    cpuFactor: CPU_FACTOR,
    roundTripMs: ROUND_TRIP_MS,
  });
  const r = urlEvents.run;
  lines.push(
    partsRow(
      `events, ${batchOf(r.batchSize)}, via function URL`,
      `${r.wcuPerEvent.toFixed(2)} WCU + ${r.rcuPerEvent.toFixed(2)} RCU / event; ingest by the front door, ${frontDoorIngestMs} ms at ${viaFunctionUrl.ingest.memoryMb} MB`,
      costPerMillionEvents({
        writeUnitsPerEvent: r.wcuPerEvent,
        readUnitsPerEvent: r.rcuPerEvent,
        ...streamUnits,
        batchSize: r.batchSize,
        consumerMsPerBatch: urlEvents.consumerMsPerBatch,
        consumerMemoryMb: viaFunctionUrl.consumer.memoryMb,
        eventsPerIngestRequest: c.eventsPerIngestRequest,
        ingestMsPerRequest: frontDoorIngestMs,
        ingestMemoryMb: viaFunctionUrl.ingest.memoryMb,
        architecture: viaFunctionUrl.consumer.architecture,
        streamMode: "on-demand",
        enhancedFanOut: false,
        front: "function-url",
      }),
      EVENT_TARGET,
    ),
  );
}

const listNames: [RegExp, string][] = [
  [/^recommendations/, "for you"],
  [/^also-viewed/, "also viewed (with customerId)"],
  [/^bought-together/, "bought together"],
  [/^trending/, "trending (country + category)"],
  [/^rank/, "rank of 500 candidates"],
  [/^offers/, "offers at a point"],
];
const listMemory = deployed.functions.find((f) => /recommendations$/.test(f.description)) ?? deployed.ingest;

/**
 * One list's price per million, busy (`warm`: row caches filled) or quiet, served by a function of `fn`'s memory
 * and architecture: its measured read units, and Lambda's duration estimated from its CPU (plus `extraCpuMs`)
 * and round trips at `speed` (this machine's core and ROUND_TRIP_MS unless said).
 */
function priceList(
  e: ServingEndpoint,
  warm: boolean,
  fn: { memoryMb: number; architecture: Parameters<typeof costPerMillionRequests>[0]["architecture"] },
  options: {
    extraCpuMs?: number;
    front?: "function-url";
    speed?: { cpuFactor: number; roundTripMs: number };
  } = {},
) {
  const cpuMs = (warm ? e.cachedCpuMs : e.cpuMs) + (options.extraCpuMs ?? 0);
  const roundTrips = warm ? e.cachedRoundTrips : e.meanRoundTrips;
  const speed = options.speed ?? { cpuFactor: CPU_FACTOR, roundTripMs: ROUND_TRIP_MS };
  const ms = billedMs({ cpuMs, roundTrips, memoryMb: fn.memoryMb, ...speed });
  const readUnits = warm ? e.cachedUnits : e.readUnits;
  const parts = costPerMillionRequests({
    readUnitsPerRequest: readUnits,
    msPerRequest: ms,
    memoryMb: fn.memoryMb,
    architecture: fn.architecture,
    ...(options.front ? { front: options.front } : {}),
  });
  return { cpuMs, roundTrips, ms, readUnits, parts };
}

const listCosts: { name: string; warm: number; cold: number }[] = [];
/** The same lists with a Lambda twice as fast per CPU and 5 ms round trips: how much the estimate matters. */
const sensitivity: { total: number; optimistic: number }[] = [];
for (const [match, name] of listNames) {
  const e = serving.data.endpoints.find((x) => match.test(x.name));
  if (!e) continue;
  const totals: number[] = [];
  for (const warm of [true, false]) {
    const { cpuMs, roundTrips, ms, readUnits, parts } = priceList(e, warm, listMemory);
    totals.push(totalOf(parts));
    const optimistic = priceList(e, warm, listMemory, {
      speed: { cpuFactor: CPU_FACTOR / 2, roundTripMs: ROUND_TRIP_MS / 2 },
    });
    sensitivity.push({ total: totalOf(parts), optimistic: totalOf(optimistic.parts) });
    lines.push(
      partsRow(
        `${name}, ${warm ? "warm row cache" : "no row cache"}`,
        `${readUnits.toFixed(1)} RU, ${roundTrips.toFixed(1)} round trips, ${cpuMs.toFixed(1)} ms CPU → ${ms} ms at ${listMemory.memoryMb} MB`,
        parts,
        LIST_TARGET,
      ),
    );
  }
  listCosts.push({ name, warm: totals[0] ?? 0, cold: totals[1] ?? 0 });
}

/** The same lists served through the function-URL front door: no gateway charge, the front door's memory. */
const urlCosts: { name: string; warm: number; cold: number }[] = [];
for (const [match, name] of listNames) {
  const e = serving.data.endpoints.find((x) => match.test(x.name));
  if (!e) continue;
  const totals: number[] = [];
  for (const warm of [true, false]) {
    const { cpuMs, roundTrips, ms, readUnits, parts } = priceList(e, warm, frontDoorFn, {
      extraCpuMs: FRONT_DOOR_CPU_MS,
      front: "function-url",
    });
    totals.push(totalOf(parts));
    lines.push(
      partsRow(
        `${name} via function URL, ${warm ? "warm row cache" : "no row cache"}`,
        `${readUnits.toFixed(1)} RU, ${roundTrips.toFixed(1)} round trips, ${cpuMs.toFixed(1)} ms CPU with the front door's → ${ms} ms at ${frontDoorFn.memoryMb} MB`,
        parts,
        LIST_TARGET,
      ),
    );
  }
  urlCosts.push({ name, warm: totals[0] ?? 0, cold: totals[1] ?? 0 });
}

const idle = (facts: ReturnType<typeof stackFacts>, shards: number) =>
  idleCostPerMonth({
    streamMode: facts.streamMode === "ON_DEMAND" ? "on-demand" : "provisioned",
    shards,
    enhancedFanOut: facts.fanOutConsumers > 0,
    kmsKeys: facts.kmsKeys,
    alarms: facts.alarms,
    dashboards: facts.dashboards,
    m2mAppClients: facts.m2mAppClients,
  });
const sum = (ls: { perMonth: number }[]) => ls.reduce((s, l) => s + l.perMonth, 0);
const idleDefault = idle(deployed, 1);
const idleSmall = idle(provisioned, 1);
const idleOwnIdp = idle(withOwnIdp, 1);
const asDeployed = eventCosts.find((e) => e.run.batchSize === deployed.batchSize) ?? eventCosts[0];

lines.push(
  "",
  `**Idle, per month** (no traffic; what the default stack — \`npx cdk deploy\` with no context — creates, counted in its template): ` +
    idleDefault.map((l) => `${l.what} ${usd(l.perMonth)}`).join(" · ") +
    ` — **${usd(sum(idleDefault))}**. With \`kindred:streamShards=1\`: ${usd(sum(idleSmall))}; with your own identity provider (no user pool) and one shard: ${usd(sum(idle({ ...withOwnIdp, streamMode: "PROVISIONED" }, 1)))} (on-demand: ${usd(sum(idleOwnIdp))}). With \`kindred:frontDoor=function-url\` (one front door function instead of ${deployed.functions.length - 1} route and authorizer functions, so ${viaFunctionUrl.alarms} alarms instead of ${deployed.alarms}): ${usd(sum(idle(viaFunctionUrl, 1)))}. Table storage ($${PRICES.dynamodb.storagePerGbMonth}/GB-month) and point-in-time recovery ($${PRICES.dynamodb.pitrPerGbMonth}/GB-month) follow the data kept; log storage is negligible.`,
  "",
  "Notes and assumptions:",
  "",
  `- Prices: ${PRICES.region}, list prices as of ${PRICES.asOf} (sources in test/bench/cost-model.ts): DynamoDB on-demand $${PRICES.dynamodb.perMillionWriteUnits}/M write units, $${PRICES.dynamodb.perMillionReadUnits}/M read units; Lambda ${deployed.consumer.architecture} $${PRICES.lambda.perGbSecond.arm64}/GB-s and $${PRICES.lambda.perMillionRequests}/M invocations; HTTP API $${PRICES.apiGateway.httpApiPerMillionRequests}/M; Kinesis on-demand $${PRICES.kinesis.onDemand.perGbIn}/GB in, $${PRICES.kinesis.onDemand.perGbOut}/GB out, $${PRICES.kinesis.onDemand.streamHour}/stream-hour. First pricing tiers, no free tier.`,
  `- From the stack's template: every function ${[...new Set(deployed.functions.map((f) => f.architecture))].join("/")}; the consumer at ${deployed.consumer.memoryMb} MB, every route function at ${listMemory.memoryMb} MB; the event source mapping takes batches of ${deployed.batchSize} with ${deployed.batchingWindowSeconds ? `a ${deployed.batchingWindowSeconds} s` : "no"} batching window; the stream is ${deployed.streamMode.toLowerCase().replace("_", "-")} by default.`,
  `- Units are measured: DynamoDB write and read request units as dynalite reports consumed capacity (1 KB per write unit, 4 KB per read unit, eventually consistent reads at half), for the ${c.workload.events.toLocaleString("en")}-event workload (${c.workload.records.toLocaleString("en")} records) through the real consumer, and for 50 requests of each list in process (the store in another process). **Lambda durations are not measured**: a billed invocation is estimated as the CPU time measured here (use case and SDK; for lists the HTTP handler's own parse and response are not included) × ${CPU_FACTOR} (Lambda's core taken as this machine's) ÷ the vCPU share the memory buys (${deployed.consumer.memoryMb} MB: ${(deployed.consumer.memoryMb / PRICES.lambda.memoryMbPerVcpu).toFixed(2)}, ${listMemory.memoryMb} MB: ${(listMemory.memoryMb / PRICES.lambda.memoryMbPerVcpu).toFixed(2)}), plus ${ROUND_TRIP_MS} ms per sequential store round trip (assumed), rounded up to 1 ms. The CPU measured on this shared 2-core VM is noisy (±30% or more). For events Lambda is a small share of the total; for the lists it is not: with half the CPU time and ${ROUND_TRIP_MS / 2} ms round trips, each list's total would be ${usd(Math.min(...sensitivity.map((x) => x.total - x.optimistic)))}–${usd(Math.max(...sensitivity.map((x) => x.total - x.optimistic)))} lower, and ${sensitivity.filter((x) => x.total > LIST_TARGET && x.optimistic <= LIST_TARGET).length} of the ${sensitivity.length} rows would then meet the $${LIST_TARGET.toFixed(2)} target.`,
  `- Events: ${c.eventsPerIngestRequest.toFixed(2)} events per \`POST /v1/events\` (the workload's client flushes), the ingest function taken as ${INGEST_CPU_MS} ms CPU + one PutRecords (${ingestMs} ms billed, not measured). ${recordsPerEvent.toFixed(3)} Kinesis records per event (${c.streamRecords === "customer" ? "one per customer and request" : "one per event"}), averaging ${c.recordBytes.toFixed(0)} bytes (largest ${c.maxRecordBytes}), billed on demand as ${(c.billedKbPerRecord ?? Math.ceil(c.recordBytes / 1024)).toFixed(2)} KB each when written — each record rounded up to 1 KB — so ${(recordsPerEvent * (c.billedKbPerRecord ?? Math.ceil(c.recordBytes / 1024))).toFixed(3)} KB per event (reads are billed by the byte): the rounding, not the payload, sets the stream's cost. A provisioned stream bills one $${PRICES.kinesis.provisioned.perMillionPutPayloadUnits}/M PUT payload unit per record instead (Kinesis column ${asDeployed ? usd(asDeployed.provisioned.kinesis) : "?"} instead of ${asDeployed ? usd(asDeployed.parts.kinesis) : "?"}) plus $${(PRICES.kinesis.provisioned.shardHour * PRICES.hoursPerMonth).toFixed(2)} a month per shard (≈ 1,000 events/s). Enhanced fan-out (off by default) would add $${PRICES.kinesis.onDemand.enhancedFanOutPerGbOut}/GB on demand instead of $${PRICES.kinesis.onDemand.perGbOut}/GB. The stream's KMS requests (a data key about every 5 minutes per reader and writer) are left out: cents a month.`,
  `- Lists: API Gateway ($${PRICES.apiGateway.httpApiPerMillionRequests.toFixed(2)}) and Lambda's invocation charge ($${PRICES.lambda.perMillionRequests.toFixed(2)}) alone are $${(PRICES.apiGateway.httpApiPerMillionRequests + PRICES.lambda.perMillionRequests).toFixed(2)} per million before any duration or read: the $${LIST_TARGET.toFixed(2)} target leaves $${(LIST_TARGET - PRICES.apiGateway.httpApiPerMillionRequests - PRICES.lambda.perMillionRequests).toFixed(2)} for both. Every list judges items from the catalog projection each container loads once (its first list reads the whole projection: see the serving bench's line on it) and keeps current by reading its head at most once a second; "warm row cache" is a busy container whose 10 s row cache a first pass of the same requests filled (best case); "no row cache" a quiet one. The token authorizer is taken as cached (its decisions live 5 minutes per token); a customer token seen once per request would add ≈ $${(PRICES.lambda.perMillionRequests + ((((1000000 * 1) / 1000) * 512) / 1024) * PRICES.lambda.perGbSecond.arm64).toFixed(2)}+ per million. #18 sets the $${LIST_TARGET.toFixed(2)} target for for you; the other lists are held to it here for comparison.`,
  `- Function URL rows (\`-c kindred:frontDoor=function-url\`): the same measured units, served by the front door function (${frontDoorFn.memoryMb} MB ${frontDoorFn.architecture}, read from that stack's template) behind a Lambda function URL, which AWS does not bill per request: no API Gateway column, no token authorizer (the front door verifies tokens itself: ${FRONT_DOOR_CPU_MS} ms CPU per request added, assumed from a measured ≈ 0.11 ms RS256 verification). Not included: the front door's larger bundle makes each new container's start slower (it loads only the route modules it serves), and unauthenticated or unroutable calls that API Gateway would have refused for free are invocations (≈ $${PRICES.lambda.perMillionRequests.toFixed(2)} per million plus a millisecond or two).`,
  `- Batch size: writes and write units per event fall with larger batches because a batch writes each touched neighbour and trending row once, and each customer's profile once. Lambda reads up to 10,000 records per batch from Kinesis, within a 6 MB invocation payload (10,000 records of the mean ${c.recordBytes.toFixed(0)} bytes, base64-encoded: ${((10_000 * c.recordBytes * 4) / 3 / 1024 ** 2).toFixed(1)} MB; past 6 MB Lambda ends the batch early). A batch counts records${recordsPerEvent < 1 ? `: grouped, a batch of B records carries about B × ${(1 / recordsPerEvent).toFixed(1)} events, and the consumer's invocations and milliseconds above are per batch of records` : ""}. Batches only grow past what one poll finds with a batching window (\`MaximumBatchingWindowInSeconds\`, up to 300 s; the stack sets none): a shard taking r events/s fills a batch of B in B/r seconds, so at 100 events/s per shard batches of 2,000 would add up to 20 s and batches of 10,000 up to 100 s to the 1–2 s freshness (docs/deploy.md) — the window bounds the wait on a quiet shard. Larger batches do not change the consumer's logic, but a failing record bisects a larger batch.`,
);

const forYou = listCosts.find((l) => l.name === "for you");
const forYouUrl = urlCosts.find((l) => l.name === "for you");
const deployedEvents = asDeployed ? totalOf(asDeployed.parts) : Number.NaN;
const bestEvents = Math.min(...eventCosts.map((e) => totalOf(e.parts)));
lines.push(
  "",
  `Targets: **≤ $0.50 per million events — ${deployedEvents <= EVENT_TARGET ? "met" : "not met"}** as deployed (batches of ${deployed.batchSize}: ${usd(deployedEvents)}, ${versus(deployedEvents, EVENT_TARGET)}; the cheapest batch size measured: ${usd(bestEvents)}, ${versus(bestEvents, EVENT_TARGET)}). ` +
    (forYou
      ? `**≤ $1.50 per million for you — ${forYou.warm <= LIST_TARGET ? "met in a warm container" : "not met even in a warm container"}** (${usd(forYou.warm)} warm, ${usd(forYou.cold)} with no row cache).`
      : "") +
    (forYouUrl
      ? ` Through the function-URL front door: **${forYouUrl.warm <= LIST_TARGET ? "met" : "not met"} in a warm container** (${usd(forYouUrl.warm)} warm, ${versus(forYouUrl.warm, LIST_TARGET)}; ${usd(forYouUrl.cold)} with no row cache, ${versus(forYouUrl.cold, LIST_TARGET)}).`
      : ""),
);

const table = lines.join("\n");
console.log(`\n${table}\n`);
const out = join(process.env.BENCH_RESULTS_DIR ?? ".bench", "cost.md");
writeFileSync(out, `${table}\n`);
console.error(`(also written to ${out})`);
