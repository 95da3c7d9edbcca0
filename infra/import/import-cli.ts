import { createHash } from "node:crypto";
import { basename, dirname, extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { dataDirInUse, type ImportTarget, localTarget, remoteTarget } from "./local-target.js";
import { progressBar } from "./progress.js";
import type { InputFormat } from "./row-source.js";
import { type ImportKind, runImport } from "./run-import.js";

// `npm run import -- --events <file> | --items <file> [--url <api> --token <token>]`
const USAGE = `Usage: npm run import -- --events <file> | --items <file> [options]

Loads events (history) or catalog items from CSV (with a header row) or JSON Lines into the local store
(KINDRED_DATA_DIR, as \`npm start\` uses; stop the server first) or, with --url and --token, a running Kindred.

  --events <file>      events: CSV columns customerId,itemId,timestamp[,type][,eventId][,value][,channel][,country]
                       [,messageId][,variantId][,messageChannel] (message_sent rows)
  --items <file>       items: CSV columns itemId[,title][,categories][,brand][,tags][,price][,currency][,available]
                       [,regions][,imageUrl][,url][,createdAt]; categories, tags, regions are |-separated
  --url <api>          a Kindred API (e.g. http://localhost:3000); needs --token (admin, or ingest for events)
  --token <token>      bearer token for --url
  --format csv|jsonl   default: from the file's extension (.csv, else JSON Lines)
  --checkpoint <path>  where progress is kept (default: the data directory, or next to the file for --url)
  --from-start         ignore the checkpoint and read from the first line
  --limit <n>          stop after n rows; the next run resumes after them
  --concurrency <n>    requests in flight (default 4 for events, 1 for items)

An interrupted run (Ctrl+C, a crash) resumes where it stopped when run again; running it again after it
finished changes nothing.`;

function fail(message: string): never {
  process.stderr.write(`import: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      events: { type: "string" },
      items: { type: "string" },
      url: { type: "string" },
      token: { type: "string" },
      format: { type: "string" },
      checkpoint: { type: "string" },
      "from-start": { type: "boolean" },
      limit: { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if ((args.events === undefined) === (args.items === undefined))
  fail("give exactly one of --events <file> or --items <file>");
if ((args.url === undefined) !== (args.token === undefined)) fail("--url and --token go together");
const kind: ImportKind = args.events !== undefined ? "events" : "items";
const file = resolve((args.events ?? args.items) as string);
const format = (args.format ?? (extname(file).toLowerCase() === ".csv" ? "csv" : "jsonl")) as InputFormat;
if (format !== "csv" && format !== "jsonl") fail(`--format must be csv or jsonl, got "${args.format}"`);
const positive = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a whole number of at least 1, got "${text}"`);
  return n;
};
const limit = positive("limit", args.limit);
const concurrency = positive("concurrency", args.concurrency) ?? (kind === "events" ? 4 : 1);

const controller = new AbortController();
let interrupts = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // The first stops reading and lets chunks in flight finish (so the checkpoint is exact); a second
    // leaves at once: the checkpoint on disk is still a true one, only a little behind.
    if (++interrupts > 1) process.exit(130);
    process.stderr.write("\nimport: stopping after the requests in flight (Ctrl+C again to leave now)…\n");
    controller.abort();
  });
}

// The embedded stores report a data directory held by a running server from a callback (an uncaught
// 'error' event), not through the promise: said as plainly as any other failure.
process.on("uncaughtException", (error) => {
  const inUse = dataDirInUse(error, process.env.KINDRED_DATA_DIR ?? ".kindred");
  process.stderr.write(`\nimport: ${inUse ?? error.message}\n`);
  if (process.env.KINDRED_DEBUG === "1") process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

let target: ImportTarget | undefined;
try {
  target = args.url ? remoteTarget(args.url, args.token as string) : await localTarget(process.env);
  const checkpointPath = args.checkpoint ? resolve(args.checkpoint) : checkpointFor(target, kind, file);
  const result = await runImport({
    kind,
    file,
    format,
    target,
    checkpointPath,
    fromStart: args["from-start"] === true,
    ...(limit !== undefined ? { limit } : {}),
    concurrency,
    signal: controller.signal,
    progress: progressBar(kind === "events" ? "event" : "item"),
  });
  process.stderr.write(`\n${result.report.format(kind)}\n`);
  // Accepted is not applied: success is said only once the consumer has applied every accepted event.
  await target.settle();
  process.stderr.write(
    result.complete
      ? `Done: ${file} is imported up to line ${result.position.line} (checkpoint ${checkpointPath}).\n`
      : `Stopped after line ${result.position.line}; run the same command again to resume (checkpoint ${checkpointPath}).\n`,
  );
  await target.close();
  process.exit(result.complete ? 0 : 3);
} catch (error) {
  process.stderr.write(`\nimport: ${(error as Error).message}\n`);
  await target?.close().catch(() => undefined);
  process.exit(1);
}

/**
 * Local checkpoints live in the data directory (deleting it to start over forgets them too); for a
 * remote API, next to the input file, one per API URL.
 */
function checkpointFor(target: ImportTarget, kind: ImportKind, input: string): string {
  const id = createHash("sha256").update(`${kind}\n${input}\n${target.name}`).digest("hex").slice(0, 12);
  return target.checkpointDir
    ? join(target.checkpointDir, `${basename(input)}.${kind}.${id}.json`)
    : join(dirname(input), `${basename(input)}.import-${id}.json`);
}
