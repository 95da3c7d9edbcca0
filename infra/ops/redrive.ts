import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createKinesisClient } from "../../lib/data/clients.js";
import { parseFailureReports, redrive, type SequenceRange } from "../../lib/stream/redrive.js";
import { startEmbeddedStores } from "../local/embedded-stores.js";

const USAGE = `Puts stream records the consumer gave up on back on the stream (docs/operations.md, "Records given up").

usage:
  npm run redrive -- --stream <name> [--region <region>] <reports>       reports: a file or - for stdin
  npm run redrive -- --stream <name> [--region <region>] --shard <shard id> --from <seq> --to <seq>
  npm run redrive -- --local [<reports>]      local mode, with npm start stopped; reports default to
                                              <KINDRED_DATA_DIR>/failed-batches.jsonl

A report is an on-failure queue message body (KinesisBatchInfo) or a line of failed-batches.jsonl, one per line
or as a JSON array. Running it twice is harmless: events already applied are dropped by the consumer.`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        stream: { type: "string" },
        region: { type: "string" },
        shard: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        local: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const dataDir = process.env.KINDRED_DATA_DIR ?? ".kindred";
const localReports =
  values.local && positionals.length === 0 ? join(dataDir, "failed-batches.jsonl") : undefined;
function ranges(): SequenceRange[] {
  if (values.shard || values.from || values.to) {
    if (!values.shard || !values.from || !values.to) fail("--shard, --from and --to go together.");
    for (const [name, value] of [
      ["--from", values.from],
      ["--to", values.to],
    ] as const) {
      if (!/^\d+$/.test(value ?? "")) {
        fail(`${name} "${value}" is not a sequence number: it is digits only (as in a failure report).`);
      }
    }
    if (BigInt(values.from ?? "0") > BigInt(values.to ?? "0")) fail("--from comes after --to.");
    return [
      {
        shardId: values.shard ?? "",
        startSequenceNumber: values.from ?? "",
        endSequenceNumber: values.to ?? "",
      },
    ];
  }
  const source = positionals[0] ?? localReports;
  if (!source) return fail("Name the failure reports (a file, or - for stdin), or a range with --shard.");
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch {
    if (source === localReports) return []; // local mode has given nothing up
    return fail(`Cannot read ${source}.`);
  }
  try {
    return parseFailureReports(text);
  } catch (error) {
    return fail(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const todo = ranges();
if (todo.length === 0) {
  console.log("Nothing to redrive: no failure reports.");
  process.exit(0);
}
if (!values.local && !values.stream) fail("Name the stream with --stream (the stack's StreamName output).");

// Locally, the stream lives in the data directory; it can be opened only while npm start is not running.
// The embedded stores report files held by a running server from a callback, not a promise.
process.on("uncaughtException", (error) =>
  fail(`Redrive stopped: ${error.message}. If npm start is running on ${dataDir}, stop it first.`),
);
const local = values.local
  ? await startEmbeddedStores(dataDir).catch(() =>
      fail(`Cannot open the local stream in ${dataDir}: stop npm start first (it holds the files).`),
    )
  : undefined;
const kinesis = local
  ? createKinesisClient(
      loadConfig({
        [ENV.tableName]: local.tableName,
        [ENV.streamName]: local.streamName,
        [ENV.kinesisEndpoint]: local.kinesisEndpoint,
      }),
    )
  : new KinesisClient(values.region ? { region: values.region } : {});
try {
  const result = await redrive(kinesis, local?.streamName ?? values.stream ?? "", todo);
  console.log(`Redriven: ${result.redriven} record(s) from ${todo.length} range(s).`);
  for (const r of result.incomplete) {
    console.log(
      `Not all of ${r.shardId} ${r.startSequenceNumber}…${r.endSequenceNumber} is on the stream any more (past its retention?).`,
    );
  }
  if (localReports) {
    // Done with: kept for the record under another name, so a second run does not put them again.
    renameSync(localReports, `${localReports}.redriven-${Date.now()}`);
  }
  if (local) console.log("Start npm start again: it applies them.");
} catch (error) {
  console.error(
    `Redrive stopped (${error instanceof Error ? `${error.name}: ${error.message}` : "error"}); it is safe to run again.`,
  );
  process.exitCode = 1;
} finally {
  kinesis.destroy();
  await local?.close();
}
