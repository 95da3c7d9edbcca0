import { spawn } from "node:child_process";

/** The local HTTP server a benchmark drives (test/bench/serving-server.ts, its own process, in-memory stores). */
export interface BenchServer {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  stop(): void;
}

/**
 * Starts the bench server in a child process signing tokens with `secret`; resolves once it listens.
 * `onLogLine` receives each JSON log line the server prints afterwards (the consumer's batches, say).
 */
export async function startBenchServer(
  secret: string,
  onLogLine?: (line: Record<string, unknown>) => void,
): Promise<BenchServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/bench/serving-server.ts"], {
    env: { ...process.env, BENCH_JWT_SECRET: secret, NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const newline = buffered.indexOf("\n");
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  if (onLogLine) {
    let rest = "";
    child.stdout.on("data", (d: Buffer) => {
      const lines = (rest + d.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith('{"level"')) onLogLine(JSON.parse(line) as Record<string, unknown>);
      }
    });
  }
  child.stdout.resume();
  const info = JSON.parse(line) as Omit<BenchServer, "stop">;
  return { ...info, stop: () => child.kill() };
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export interface LoadResult {
  /** Calls per second measured (after the warm-up). */
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * `clients` loops calling `once(worker, n)` back to back for `warmUpMs` + `seconds`; only calls started after
 * the warm-up count. Latencies in ms.
 */
export async function drive(
  clients: number,
  seconds: number,
  warmUpMs: number,
  once: (worker: number, n: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const measureFrom = performance.now() + warmUpMs;
  const end = measureFrom + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      for (let n = 0; performance.now() < end; n++) {
        const began = performance.now();
        const ok = await once(worker, n);
        if (began < measureFrom) continue;
        latencies.push(performance.now() - began);
        if (!ok) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}
