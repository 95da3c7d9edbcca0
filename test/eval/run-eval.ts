import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { strategySchema } from "../../lib/schemas/strategy.js";
import { SESSION_KNN_DEFAULTS, type SessionKnnParameters } from "./baselines/session-knn.js";
import { type Dataset, loadDataset } from "./dataset.js";
import { startDynaliteProcess } from "./dynalite-process.js";
import { EVAL_DEFAULTS, evaluate } from "./evaluate.js";
import { LogFormatError } from "./interaction-log.js";
import { plantedLog, plantedSessionLog } from "./planted-log.js";
import { progressBar } from "./progress-bar.js";
import { type EvalReport, formatReport } from "./report.js";

const USAGE = `usage: npm run eval -- <log> [options]
       npm run eval -- --planted | --planted-sessions [options]

<log>: an ml-latest(-small) folder or its ratings.csv (movies.csv beside it gives genres), MovieLens 100k
u.data (u.item beside it), JSON Lines (.jsonl/.ndjson) or CSV, each line customerId,itemId,timestamp[,type].

options:
  --json                 print the report as JSON (parameters, dataset, sha256 of inputs, date, commit)
  --seed <n>             rank task's candidate draw (default ${EVAL_DEFAULTS.seed})
  --batch-size <n>       records per consumer invocation in the replay (default ${EVAL_DEFAULTS.batchSize})
  --candidates <n>       sampled rank candidates per customer (default ${EVAL_DEFAULTS.rankCandidates})
  --sknn-k <n>           session-kNN neighbours (default ${SESSION_KNN_DEFAULTS.k})
  --sknn-m <n>           session-kNN recent window (default ${SESSION_KNN_DEFAULTS.m})
  --sknn-decay <d>       none | linear (default ${SESSION_KNN_DEFAULTS.decay})
  --sknn-gap <minutes>   past sessions split at longer gaps; 0 = a customer's whole history (default ${SESSION_KNN_DEFAULTS.sessionGapMs / 60_000})
  --sknn-sample <n>      only the n most recent matching past sessions; 0 = all (default ${SESSION_KNN_DEFAULTS.sampleSize})
  --strategy <json>      serve Kindred's lists with this strategy, as KINDRED_STRATEGY takes it
                         (e.g. '{"weights":{"related":1,"affinity":0,"trending":0}}'; default: the default)
  --also <json>          also serve "for you" and rank with this strategy after the same replay (repeatable;
                         rows "(alt 1)", "(alt 2)", …)
  --in-process           run dynalite in this process (default: a child process, on the other core)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: "boolean", default: false },
    planted: { type: "boolean", default: false },
    "planted-sessions": { type: "boolean", default: false },
    seed: { type: "string" },
    "batch-size": { type: "string" },
    candidates: { type: "string" },
    "sknn-k": { type: "string" },
    "sknn-m": { type: "string" },
    "sknn-decay": { type: "string" },
    "sknn-gap": { type: "string" },
    "sknn-sample": { type: "string" },
    strategy: { type: "string" },
    also: { type: "string", multiple: true },
    "in-process": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function integer(name: string, fallback: number, min = 0): number {
  const text = values[name as keyof typeof values];
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) fail(`--${name} must be an integer ≥ ${min}`);
  return v;
}

function dataset(): Dataset {
  if (values.planted) {
    return { name: "planted log (generated)", format: "planted", interactions: plantedLog(), files: [] };
  }
  if (values["planted-sessions"]) {
    return {
      name: "planted session log (generated)",
      format: "planted-sessions",
      interactions: plantedSessionLog(),
      files: [],
    };
  }
  const path = positionals[0];
  if (!path || values.help) fail(USAGE);
  return loadDataset(path);
}

function sessionKnn(): SessionKnnParameters {
  const decay = values["sknn-decay"] ?? SESSION_KNN_DEFAULTS.decay;
  if (decay !== "none" && decay !== "linear") fail("--sknn-decay must be none or linear");
  const gap = integer("sknn-gap", SESSION_KNN_DEFAULTS.sessionGapMs / 60_000);
  return {
    k: integer("sknn-k", SESSION_KNN_DEFAULTS.k, 1),
    m: integer("sknn-m", SESSION_KNN_DEFAULTS.m, 1),
    decay,
    sessionGapMs: gap === 0 ? Number.POSITIVE_INFINITY : gap * 60_000,
    sampleSize: integer("sknn-sample", SESSION_KNN_DEFAULTS.sampleSize),
  };
}

function parseStrategy(flag: string, text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail(`--${flag} must be JSON`);
  }
  const parsed = strategySchema.safeParse(json);
  if (!parsed.success) fail(`--${flag}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

function strategies() {
  return {
    ...(values.strategy === undefined ? {} : { strategy: parseStrategy("strategy", values.strategy) }),
    alternatives: (values.also ?? []).map((text) => parseStrategy("also", text)),
  };
}

/** HEAD and the uncommitted paths, so a number can be traced to the code that produced it. */
function gitState(): EvalReport["git"] {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.slice(3));
    return { commit, dirty };
  } catch {
    return { commit: "unknown", dirty: [] };
  }
}

try {
  const data = dataset();
  const started = Date.now();
  const result = await evaluate(data.interactions, {
    ...(data.categories ? { categories: data.categories } : {}),
    seed: integer("seed", EVAL_DEFAULTS.seed),
    batchSize: integer("batch-size", EVAL_DEFAULTS.batchSize, 1),
    rankCandidates: integer("candidates", EVAL_DEFAULTS.rankCandidates, 1),
    sessionKnn: sessionKnn(),
    ...strategies(),
    ...(values["in-process"] ? {} : { openStore: startDynaliteProcess }),
    onProgress: progressBar(),
  });
  const report: EvalReport = {
    dataset: { name: data.name, format: data.format, files: data.files },
    date: new Date(started).toISOString(),
    git: gitState(),
    ...result,
  };
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
} catch (error) {
  if (error instanceof LogFormatError) fail(`Cannot read the log: ${error.message}`);
  throw error;
}
