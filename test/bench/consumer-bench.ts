import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { createTable } from "../../infra/local/embedded-stores.js";
import { loadConfig } from "../../lib/config/config.js";
import type { DynamoCatalogStore } from "../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../lib/data/clients.js";
import { WRITTEN_FORMAT } from "../../lib/data/rows/packed-document.js";
import { emptyAppliedLog, screenDeliveries } from "../../lib/domain/applied-log.js";
import { CoOccurrenceTally, RELATIONS, tallyCustomer } from "../../lib/domain/co-occurrence.js";
import { itemFeatures } from "../../lib/domain/item-features.js";
import { applyEvents, emptyProfile } from "../../lib/domain/profile.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { decodeRecord } from "../../lib/stream/event-record.js";
import { planRecords } from "../../lib/stream/grouped-records.js";
import { AggregateBuffer } from "../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch, type DeliveredRecord } from "../../lib/usecases/apply-event-batch.js";
import { AFFINITY, testApp } from "../support/consumer-harness.js";
import { meterRequests } from "../support/request-meter.js";
import { writeBenchResult } from "./bench-results.js";
import { generateWorkload } from "./workload.js";

/**
 * `npm run bench`: applies a generated workload through the real consumer code against dynalite, which runs
 * in a child process so that the CPU measured here is the consumer's own (domain code, SDK, serialisation).
 */
const SPEC = {
  // `BENCH_EVENTS` shortens a checking run; numbers worth recording come from the full 100,000.
  events: Number(process.env.BENCH_EVENTS ?? 100_000),
  customers: 10_000,
  items: 5_000,
  zipfExponent: 1.1,
  duplicateRate: 0.005,
  seed: 7,
};
const BATCH_SIZE = 500;
/** What the consumer writes stored documents as: the deployment's setting, as its config reads it. */
const DOCUMENT_FORMAT = process.env.KINDRED_DOCUMENT_FORMAT?.trim() || WRITTEN_FORMAT;
/**
 * `--batch-sizes=500,2000,10000` applies the workload once per batch size (each into a fresh table); the
 * first is the one compared with the naive baseline. Lambda takes up to 10,000 records per batch from Kinesis.
 */
const batchSizesArg = process.argv.find((a) => a.startsWith("--batch-sizes="));
const BATCH_SIZES = batchSizesArg
  ? batchSizesArg
      .slice("--batch-sizes=".length)
      .split(",")
      .map((s) => Number(s))
  : [BATCH_SIZE];
if (BATCH_SIZES.some((b) => !(Number.isInteger(b) && b >= 1 && b <= 10_000)))
  throw new Error(`--batch-sizes takes whole numbers from 1 to 10,000 (got ${batchSizesArg})`);

async function startDynaliteProcess(): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      "const s=require('dynalite')({createTableMs:0});s.listen(0,'127.0.0.1',()=>console.log(s.address().port))",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

interface RunResult {
  label: string;
  batchSize: number;
  seconds: number;
  eventsPerSecond: number;
  cpuMicrosPerEvent: number;
  writesPerEvent: number;
  profileWritesPerEvent: number;
  putsByRowKind: Record<string, number>;
  putUnitsByRowKind: Record<string, number>;
  wcuPerEvent: number;
  readRequestsPerEvent: number;
  /** DynamoDB read request units per event, as dynalite reports consumed capacity. */
  rcuPerEvent: number;
  /** Sequential store round trips per batch (requests in flight together count once). */
  roundTripsPerBatch: number;
  batches: number;
  applied: number;
}

async function run(
  label: string,
  endpoint: string,
  tableName: string,
  records: DeliveredRecord[],
  /** Events the records carry: what "per event" divides by (records carry several when grouped). */
  events: number,
  batchSize: number,
  items: Parameters<DynamoCatalogStore["upsertItems"]>[0],
  /** Maintain neighbour lists and trending too, or profiles only (the naive baseline). */
  withAggregates: boolean,
): Promise<RunResult> {
  await createTable(endpoint, tableName);
  const config = loadConfig({
    KINDRED_TABLE_NAME: tableName,
    KINDRED_STREAM_NAME: "unused",
    KINDRED_DYNAMODB_ENDPOINT: endpoint,
    // The stored documents' format a deployment writes (json unless set): measured both ways in one session.
    KINDRED_DOCUMENT_FORMAT: process.env.KINDRED_DOCUMENT_FORMAT,
  });
  const db = createDynamoClient(config);
  const { consumer } = testApp(db, tableName, {
    now: Date.now,
    config: { documentFormat: config.documentFormat },
  });
  await consumer.catalog.upsertItems(items);
  const meter = meterRequests(db);
  const deps = {
    ...consumer,
    // As in the Lambda handler: each batch's aggregate increments are written before it returns.
    aggregates: withAggregates
      ? new AggregateBuffer()
      : new AggregateBuffer({ relations: [], trending: false }),
  };
  meter.reset();
  let applied = 0;
  let batches = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < records.length; i += batchSize) {
    let batch = records.slice(i, i + batchSize);
    while (batch.length > 0) {
      batches++;
      const outcome = await applyEventBatch(batch, deps);
      applied += outcome.applied;
      const failedAt = outcome.retryFrom
        ? batch.findIndex((r) => r.sequenceNumber === outcome.retryFrom)
        : -1;
      batch = failedAt >= 0 ? batch.slice(failedAt) : [];
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const n = events;
  const c = meter.counts;
  const reads =
    (c.requests.BatchGetItemCommand ?? 0) + (c.requests.GetItemCommand ?? 0) + (c.requests.QueryCommand ?? 0);
  db.destroy();
  return {
    label,
    batchSize,
    seconds,
    eventsPerSecond: n / seconds,
    cpuMicrosPerEvent: (cpu.user + cpu.system) / n,
    writesPerEvent: c.itemWrites / n,
    profileWritesPerEvent: (c.putsByRowKind["CUSTOMER/PROFILE"] ?? 0) / n,
    putsByRowKind: c.putsByRowKind,
    putUnitsByRowKind: c.putUnitsByRowKind,
    wcuPerEvent: c.writeCapacityUnits / n,
    readRequestsPerEvent: reads / n,
    rcuPerEvent: c.readCapacityUnits / n,
    roundTripsPerBatch: c.roundTrips / batches,
    batches,
    applied,
  };
}

/**
 * Kindred's own work per event with no I/O: decode and validate each record, group by customer, screen
 * against the applied-log, fold into profiles and serialise the documents that would be written.
 */
function domainOnlyCpu(
  records: readonly DeliveredRecord[],
  events: number,
  itemFeaturesById: Map<string, string[]>,
): number {
  const profiles = new Map<
    string,
    { state: ReturnType<typeof emptyProfile>; log: ReturnType<typeof emptyAppliedLog> }
  >();
  const tallies = RELATIONS.map((relation) => new CoOccurrenceTally(relation));
  const before = process.cpuUsage();
  for (let i = 0; i < records.length; i += BATCH_SIZE) {
    const byCustomer = new Map<string, { record: DeliveredRecord; event: KindredEvent }[]>();
    for (const record of records.slice(i, i + BATCH_SIZE)) {
      const decoded = decodeRecord(record.data);
      if (!decoded.ok) continue;
      for (const { event } of decoded.envelopes) {
        const list = byCustomer.get(event.customerId) ?? [];
        list.push({ record, event });
        byCustomer.set(event.customerId, list);
      }
    }
    for (const [customerId, list] of byCustomer) {
      const stored = profiles.get(customerId) ?? { state: emptyProfile(customerId), log: emptyAppliedLog() };
      const screened = screenDeliveries(
        stored.log,
        list.map(({ record, event }) => ({ ...record, eventId: event.eventId, event })),
        Date.now(),
      );
      const state = applyEvents(
        stored.state,
        screened.fresh.map(({ event }) => ({
          event,
          features: event.itemId ? itemFeaturesById.get(event.itemId) : undefined,
        })),
        AFFINITY,
      );
      for (const tally of tallies)
        tallyCustomer(
          tally,
          stored.state,
          screened.fresh.map(({ event }) => event),
          (itemId) => itemFeaturesById.has(itemId),
        );
      Buffer.from(JSON.stringify({ format: 1, state, log: screened.log }), "utf8");
      profiles.set(customerId, { state, log: screened.log });
    }
  }
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / events;
}

/** The SDK's own CPU cost of one conditional PutItem of a profile-sized item, on this machine. */
async function sdkFloorCpuPerRequest(endpoint: string): Promise<number> {
  await createTable(endpoint, "bench-floor");
  const config = loadConfig({
    KINDRED_TABLE_NAME: "bench-floor",
    KINDRED_STREAM_NAME: "unused",
    KINDRED_DYNAMODB_ENDPOINT: endpoint,
    // The stored documents' format a deployment writes (json unless set): measured both ways in one session.
    KINDRED_DOCUMENT_FORMAT: process.env.KINDRED_DOCUMENT_FORMAT,
  });
  const db = createDynamoClient(config);
  const doc = Buffer.alloc(3800, 1);
  const put = (i: number) =>
    db.send(
      new PutCommand({
        TableName: "bench-floor",
        Item: { pk: `p${i}`, sk: "s", v: 1, doc },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  for (let i = 0; i < 200; i++) await put(-i - 1);
  const n = 4000;
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) await put(next++);
    }),
  );
  const cpu = process.cpuUsage(before);
  db.destroy();
  return (cpu.user + cpu.system) / n;
}

// What ingest writes to the stream, as a deployment would set it (KINDRED_STREAM_RECORDS; unset: a record per
// event): each client flush is one ingest request, and its records are what the stream holds.
const { streamRecords } = loadConfig({
  KINDRED_TABLE_NAME: "unused",
  KINDRED_STREAM_NAME: "unused",
  KINDRED_STREAM_RECORDS: process.env.KINDRED_STREAM_RECORDS,
});
const workload = generateWorkload(SPEC);
const planned = workload.requests.flatMap((events) => planRecords(events, Date.now(), streamRecords));
const records: DeliveredRecord[] = planned.map(({ record }, i) => ({
  shardId: "shardId-000000000000",
  sequenceNumber: (49n * 10n ** 54n + BigInt(i)).toString(),
  data: record.data,
}));
const eventCount = workload.events.length;
// What Kinesis counts of each record: its data and partition key, in bytes.
const recordSizes = planned.map(({ record }) => record.data.length + Buffer.byteLength(record.partitionKey));
const store = await startDynaliteProcess();
try {
  console.log(
    `workload: ${eventCount} events in ${records.length} records (${streamRecords === "customer" ? "one per customer and request" : "one per event"}; ${SPEC.events} unique events, ${Math.round(SPEC.duplicateRate * 1000) / 10}% sent twice), ` +
      `${SPEC.customers} customers (Zipf 0.6), ${SPEC.items} items (Zipf ${SPEC.zipfExponent}), ${workload.sessions} sessions in ${workload.flushes} client flushes`,
  );
  const runs: RunResult[] = [];
  for (const batchSize of BATCH_SIZES) {
    runs.push(
      await run(
        `Kindred consumer, batches of ${batchSize.toLocaleString("en")}`,
        store.endpoint,
        `bench-kindred-${batchSize}`,
        records,
        eventCount,
        batchSize,
        workload.items,
        true,
      ),
    );
    console.error(`measured batches of ${batchSize}`);
  }
  const kindred = runs[0] as RunResult;
  // The naive baseline takes minutes; `--kindred-only` skips it while profiling.
  const naive = process.argv.includes("--kindred-only")
    ? kindred
    : await run(
        "naive: one read + one write per event (profiles only)",
        store.endpoint,
        "bench-naive",
        records,
        eventCount,
        1,
        workload.items,
        false,
      );
  const domainCpu = domainOnlyCpu(
    records,
    eventCount,
    new Map(workload.items.map((item) => [item.itemId, itemFeatures(item)])),
  );
  const floor = await sdkFloorCpuPerRequest(store.endpoint);
  const f = (x: number, d = 2) => x.toFixed(d);
  const rows = [...runs, ...(naive === kindred ? [] : [naive])].map(
    (r) =>
      `| ${r.label} | ${f(r.eventsPerSecond, 0)} | ${f(r.writesPerEvent, 3)} | ${f(r.wcuPerEvent, 2)} | ${f(r.readRequestsPerEvent, 3)} | ${f(r.rcuPerEvent, 3)} | ${f(r.roundTripsPerBatch, 1)} | ${f(r.cpuMicrosPerEvent, 1)} | ${r.applied} |`,
  );
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
  // What the cost table (`npm run bench:cost`) needs: units per event at each batch size, records per event
  // and their sizes (on demand, each record written is billed rounded up to 1 KB; provisioned, per 25 KB).
  const recordBytes = recordSizes.reduce((sum, b) => sum + b, 0) / records.length;
  const billedKbPerRecord = recordSizes.reduce((sum, b) => sum + Math.ceil(b / 1024), 0) / records.length;
  const putUnitsPerRecord = recordSizes.reduce((sum, b) => sum + Math.ceil(b / 25_600), 0) / records.length;
  const recordsPerEvent = records.length / eventCount;
  const written = writeBenchResult(
    "consumer",
    {
      workload: {
        records: records.length,
        ...SPEC,
        eventsSent: eventCount,
        sessions: workload.sessions,
        flushes: workload.flushes,
      },
      eventsPerIngestRequest: eventCount / workload.flushes,
      documentFormat: DOCUMENT_FORMAT,
      streamRecords,
      recordsPerEvent,
      recordBytes,
      billedKbPerRecord,
      putUnitsPerRecord,
      maxRecordBytes: Math.max(...recordSizes),
      runs: runs.map(({ putsByRowKind: _, putUnitsByRowKind: __, ...r }) => r),
      domainCpuMicrosPerEvent: domainCpu,
    },
    machine,
  );
  console.log(`
machine: ${machine}, ${new Date().toISOString().slice(0, 10)}; documents written as ${DOCUMENT_FORMAT} (KINDRED_DOCUMENT_FORMAT); stream records: ${streamRecords} (KINDRED_STREAM_RECORDS)

| run | events/s | DynamoDB item writes / event | WCU / event | read requests / event | RCU / event | store round trips / batch | consumer CPU µs / event | events applied |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

${f(recordsPerEvent, 3)} Kinesis records per event, mean record ${f(recordBytes, 0)} bytes (data and partition key; largest ${Math.max(...recordSizes)}), billed on demand as ${f(billedKbPerRecord, 3)} KB per record = ${f(billedKbPerRecord * recordsPerEvent, 3)} KB per event; ${f(eventCount / workload.flushes, 2)} events per ingest request; numbers for the cost table in ${written}

ratios (naive ÷ Kindred): profile writes ${f(naive.profileWritesPerEvent / kindred.profileWritesPerEvent, 1)}×, all writes ${f(naive.writesPerEvent / kindred.writesPerEvent, 1)}×, WCU ${f(naive.wcuPerEvent / kindred.wcuPerEvent, 1)}×, CPU ${f(naive.cpuMicrosPerEvent / kindred.cpuMicrosPerEvent, 1)}×, throughput ${f(kindred.eventsPerSecond / naive.eventsPerSecond, 1)}× faster

where the consumer's CPU goes (µs per event):
  Kindred's own code (decode, validate, dedupe, fold, tally co-occurrences, serialise; no I/O): ${f(domainCpu, 1)}
  AWS SDK floor: ${f(floor, 0)} µs per bare conditional PutItem × ${f(kindred.writesPerEvent + kindred.readRequestsPerEvent, 3)} requests/event ≈ ${f(floor * (kindred.writesPerEvent + kindred.readRequestsPerEvent), 1)}
  everything measured in the process: ${f(kindred.cpuMicrosPerEvent, 1)}

item writes per event by row kind (Kindred): ${Object.entries(kindred.putsByRowKind)
    .map(([kind, count]) => `${kind} ${f(count / eventCount, 3)}`)
    .join(", ")}
write units per event by row kind (single-item puts; Kindred): ${Object.entries(kindred.putUnitsByRowKind)
    .map(
      ([kind, units]) =>
        `${kind} ${f(units / eventCount, 3)} (${f(units / (kindred.putsByRowKind[kind] ?? 1), 2)} per write)`,
    )
    .join(", ")}

targets: ≤ 0.5 profile writes/event → ${kindred.profileWritesPerEvent <= 0.5 ? "met" : "NOT met"} (${f(kindred.profileWritesPerEvent, 3)}; all writes incl. neighbour rows ${f(kindred.writesPerEvent, 3)}); ≤ 50 µs CPU/event → Kindred's own code ${domainCpu <= 50 ? "met" : "NOT met"}, whole process ${kindred.cpuMicrosPerEvent <= 50 ? "met" : "NOT met"}`);
} finally {
  store.stop();
}
