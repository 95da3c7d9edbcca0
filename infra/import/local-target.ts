import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type LocalKindred, type LocalKindredOptions, startLocalKindred } from "../local/local-kindred.js";
import { readLocalSettings, signToken } from "../local/local-tokens.js";
import type { ApiTarget } from "./api-sender.js";
import { EventsGivenUp } from "./given-up.js";

/** A target the import writes to, and what it needs done between and after chunks. */
export interface ImportTarget extends ApiTarget {
  /** Names the target in checkpoints and messages: the data directory, or the API's URL. */
  name: string;
  /** Where the server's own log lines went (local mode), to look into when something failed. */
  logPath?: string;
  /** Where this target keeps checkpoints, when it has a place of its own (local mode: its data directory). */
  checkpointDir?: string;
  /**
   * Waits until what was accepted so far is applied (local mode); keeps a fast reader from running ahead.
   * Throws EventsGivenUp when the consumer gave up any accepted event since the target was opened.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A deployed (or separately running) Kindred, reached over its HTTP API. */
export function remoteTarget(url: string, token: string): ImportTarget {
  return { url, token, name: url, settle: async () => {}, close: async () => {} };
}

/**
 * The local store local mode uses (KINDRED_DATA_DIR), written through the same HTTP API, served in this
 * process on a free port: the same validation, ingest, stream and consumer as `npm start`, so every
 * guarantee of the API holds. `close` applies what is still on the stream before it returns. `poller`
 * overrides the event source mapping's settings (tests).
 */
export async function localTarget(
  env: Record<string, string | undefined>,
  poller?: LocalKindredOptions["poller"],
): Promise<ImportTarget> {
  const settings = readLocalSettings(env);
  const logPath = await keepLogsAside(settings.dataDir);
  let kindred: LocalKindred;
  try {
    kindred = await startLocalKindred({
      dataDir: settings.dataDir,
      port: 0,
      jwtSecret: settings.jwtSecret,
      ...(poller ? { poller } : {}),
    });
  } catch (error) {
    throw new Error(dataDirInUse(error, settings.dataDir) ?? (error as Error).message);
  }
  const token = await signToken(settings.jwtSecret, { sub: "importer", scope: "admin" }, "1d");
  return {
    url: kindred.url,
    token,
    name: `local:${resolve(settings.dataDir)}`,
    logPath,
    checkpointDir: resolve(settings.dataDir, "imports"),
    settle: async () => {
      await kindred.poller.drain();
      // Only this process's: older give-ups in failed-batches.jsonl were reported by the run they ended.
      if (kindred.failedBatches.length > 0) {
        throw new EventsGivenUp(kindred.failedBatches, resolve(settings.dataDir), logPath);
      }
    },
    close: async () => {
      await kindred.poller.drain();
      await kindred.close();
    },
  };
}

/**
 * What to say when the local store cannot be opened because another process (a running `npm start`)
 * holds its files, or undefined for any other failure. The embedded stores report it from a callback, as
 * an uncaught 'error' event, as often as through the promise: the CLI maps both.
 */
export function dataDirInUse(error: unknown, dataDir: string): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!(/lock/i.test(message) && /(LOCK|IO error|already held)/.test(message))) return undefined;
  return `the data directory ${dataDir} is in use — is \`npm start\` running? Stop it, or import through it: --url <its URL> --token <its admin token>`;
}

/**
 * The in-process server's info and warning lines (one JSON line per consumer batch) go to
 * `<data dir>/import.log` instead of interleaving with the progress bar; errors stay on stderr.
 */
async function keepLogsAside(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const path = join(resolve(dataDir), "import.log");
  const file = createWriteStream(path, { flags: "a" });
  console.log = (...parts: unknown[]) => {
    file.write(`${parts.map(String).join(" ")}\n`);
  };
  return path;
}
