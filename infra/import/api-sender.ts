import type { FieldIssue } from "../../lib/errors.js";
import { type Chunk, chunkBody } from "../../lib/import/chunks.js";
import { RETRY_POLICY, retryDelayMs } from "../../lib/import/retry-delay.js";

/** Where and as whom rows are sent: a Kindred API's base URL and a token that may write there. */
export interface ApiTarget {
  url: string;
  token: string;
}

/** Each entry of a chunk that the API refused, by its index in the chunk, with the fields it named. */
export interface ChunkOutcome {
  rejected: { index: number; errors: FieldIssue[] }[];
}

/** An answer that running again will not change (a bad token, a refused body): the import stops. */
export class ImportStopped extends Error {
  override name = "ImportStopped";
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * Sends one chunk of events (`POST /v1/events`) or items (`PUT /v1/items`) until every entry is accepted or
 * rejected: 429/5xx and network failures are retried after `Retry-After` or a backoff, events the API
 * reports as `failed` are sent again (with the same event ids, so nothing counts twice), and a 400 that
 * names entries removes them and sends the rest. Throws ImportStopped when retries run out or the API
 * refuses the request as a whole (401, 403, 413, …); entries already accepted stay accepted.
 */
export async function sendChunk(
  target: ApiTarget,
  kind: "events" | "items",
  chunk: Chunk<unknown>,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<ChunkOutcome> {
  const rejected: ChunkOutcome["rejected"] = [];
  // Indexes (into the original chunk) still to send.
  let pending = chunk.texts.map((_, i) => i);
  for (let attempt = 1; pending.length > 0; attempt++) {
    const sub: Chunk<unknown> = {
      entries: pending,
      texts: pending.map((i) => chunk.texts[i] as string),
      bytes: 0,
    };
    const answer = await post(target, kind, chunkBody(kind, sub)).catch((error: unknown) => ({
      status: 0,
      retryAfter: null,
      body: { detail: (error as Error).message } as Record<string, unknown>,
    }));
    const { status, body } = answer;
    if (status === 200 || status === 202) {
      const failed = new Set<number>();
      if (kind === "events") {
        for (const r of (body.rejected ?? []) as { index: number; errors: FieldIssue[] }[]) {
          const errors = r.errors.map((e) => ({ ...e, path: relativePath(kind, e.path) }));
          rejected.push({ index: pending[r.index] as number, errors });
        }
        for (const f of (body.failed ?? []) as { index: number }[]) failed.add(f.index);
      }
      pending = pending.filter((_, i) => failed.has(i));
      if (pending.length === 0) break;
    } else if (status === 400 && namedEntries(kind, body).size > 0) {
      const named = namedEntries(kind, body);
      for (const [index, errors] of named) rejected.push({ index: pending[index] as number, errors });
      pending = pending.filter((_, i) => !named.has(i));
      // The rest were valid: sent again at once, this does not count as a retry.
      attempt--;
      continue;
    } else if (!RETRYABLE.has(status) && status !== 0) {
      throw new ImportStopped(
        `${kind === "events" ? "POST /v1/events" : "PUT /v1/items"} answered ${status}: ${describe(body)}`,
      );
    }
    if (attempt >= RETRY_POLICY.attempts) {
      const why =
        status === 0 ? `the API cannot be reached (${describe(body)})` : `the API kept answering ${status}`;
      throw new ImportStopped(`${why} after ${attempt} attempts`);
    }
    await sleep(retryDelayMs(attempt, answer.retryAfter, Date.now(), Math.random()));
  }
  return { rejected };
}

async function post(target: ApiTarget, kind: "events" | "items", body: string) {
  const res = await fetch(`${target.url.replace(/\/+$/, "")}/v1/${kind}`, {
    method: kind === "events" ? "POST" : "PUT",
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
    body,
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: parsed };
}

/** A 400's errors by entry index, from paths such as `events.3.timestamp` (made relative: `timestamp`). */
function namedEntries(kind: string, body: Record<string, unknown>): Map<number, FieldIssue[]> {
  const byIndex = new Map<number, FieldIssue[]>();
  for (const issue of (body.errors ?? []) as FieldIssue[]) {
    const match = new RegExp(`^${kind}\\.(\\d+)(?:\\.(.*))?$`).exec(issue.path);
    if (!match) return new Map(); // an error about the request as a whole: no entry to blame
    const index = Number(match[1]);
    byIndex.set(index, [
      ...(byIndex.get(index) ?? []),
      { path: match[2] ?? "(row)", message: issue.message },
    ]);
  }
  return byIndex;
}

/** `events.3.timestamp` → `timestamp`: the row is named by its line, the field by this. */
const relativePath = (kind: string, path: string) =>
  path.replace(new RegExp(`^${kind}\\.\\d+\\.?`), "") || "(row)";

const describe = (body: Record<string, unknown>) =>
  String(body.detail ?? body.title ?? body.message ?? "no detail");

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
