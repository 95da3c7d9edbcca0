import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where each bench leaves the numbers the cost table needs (`npm run bench` ends with `bench:cost`, which
 * reads them): `.bench/<name>.json`, or `BENCH_RESULTS_DIR`. Not committed.
 */
const DIR = process.env.BENCH_RESULTS_DIR ?? ".bench";

export interface Stamped<T> {
  measuredAt: string;
  commit: string;
  /** Uncommitted paths at the time of measuring (empty when the tree was clean). */
  dirty: string[];
  machine: string;
  data: T;
}

function git(args: string[]): string {
  try {
    // Not trimmed at the start: `git status --porcelain` lines begin with a space.
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return "";
  }
}

export function writeBenchResult<T>(name: string, data: T, machine: string): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `${name}.json`);
  const stamped: Stamped<T> = {
    measuredAt: new Date().toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    dirty: git(["status", "--porcelain"])
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.slice(3)),
    machine,
    data,
  };
  writeFileSync(path, `${JSON.stringify(stamped, null, 2)}\n`);
  return path;
}

export function readBenchResult<T>(name: string): Stamped<T> {
  const path = join(DIR, `${name}.json`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Stamped<T>;
  } catch {
    throw new Error(`No ${path}: run \`npm run bench:${name}\` first (\`npm run bench\` runs every bench).`);
  }
}

/** One list's units in `.bench/serving.json`: written by bench:serving, priced by bench:cost. */
export interface ServingEndpointUnits {
  /** Read units per request with no row cache, and with the cache warm. */
  readUnits: number;
  cachedUnits: number;
  /** Mean store round trips per request, without and with the warm cache. */
  meanRoundTrips: number;
  cachedRoundTrips: number;
  /** The bench process's CPU per request (use case, SDK; the store runs in the server process), in ms. */
  cpuMs: number;
  cachedCpuMs: number;
}
