import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedStores } from "../../infra/local/embedded-stores.js";
import { unpackDocument } from "../../lib/data/rows/packed-document.js";
import { type Client, startStack } from "../support/local-stack.js";

// The importer runs as users run it: `npm run import`'s entry point in a process of its own, against a
// data directory (local mode) or a running local server (--url).
const CLI = ["--import", "tsx", "infra/import/import-cli.ts"];
const SLOW = 120_000;

interface Run {
  code: number | null;
  stderr: string;
}

function runImport(args: string[], dataDir?: string): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, KINDRED_JWT_SECRET: undefined };
  if (dataDir) env.KINDRED_DATA_DIR = dataDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** Every row of a stopped local store, by key; profiles as their stored state and applied-log. */
async function dumpStore(dataDir: string): Promise<Map<string, Record<string, unknown>>> {
  const stores = await startEmbeddedStores(dataDir);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      endpoint: stores.dynamoEndpoint,
    }),
  );
  const rows = new Map<string, Record<string, unknown>>();
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: stores.tableName, ExclusiveStartKey: start }));
      for (const row of page.Items ?? []) {
        const { doc, ...rest } = row;
        const decoded = doc ? unpackDocument(doc as Uint8Array) : undefined;
        rows.set(`${row.pk} ${row.sk}`, decoded ? { ...rest, doc: decoded } : rest);
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    db.destroy();
    await stores.close();
  }
  return rows;
}

// The default half-lives (KINDRED_AFFINITY_HALF_LIFE_DAYS; trending's short and long counters).
const HALF_LIFE_MS = { affinity: 30 * 86_400_000, trendShort: 2 * 3_600_000, trendLong: 48 * 3_600_000 };

/** Numbers to 9 significant digits: sums of the same terms in another order differ in the last bits. */
const rounded = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "number" ? Number(v.toPrecision(9)) : v)));

/** A forward-decayed weight stored against `epoch`, as its value at `at`. */
const valueAt = (stored: number, epoch: number, at: number, halfLife: number) =>
  stored * 2 ** (-(at - epoch) / halfLife);

interface StoredAffinity {
  epoch: number;
  latest: number;
  weights: Record<string, number>;
}

/**
 * What an import did, whichever order its events arrived in and however often rows were written:
 * - profiles' state, with affinities as their values at the latest event (stored weights are relative to
 *   an epoch set by whichever event came first). Not the `related` pool: it summarises the neighbour rows
 *   as they were when each event was applied, so it depends on what was applied before, by design;
 * - trend counters as their values at their latest event (their epoch moves likewise);
 * - every other row as it is, without its version (a count of writes) or an item's arrival time.
 */
function effect(rows: Map<string, Record<string, unknown>>) {
  return [...rows]
    .map(([key, row]) => {
      const { v: _version, createdAt: _createdAt, ...rest } = row;
      if (key.endsWith(" PROFILE")) {
        const {
          affinity,
          related: _related,
          ...state
        } = (row.doc as { state: { affinity: StoredAffinity; related: unknown } }).state;
        const weights = Object.entries(affinity.weights)
          .map(([f, w]) => [f, valueAt(w, affinity.epoch, affinity.latest, HALF_LIFE_MS.affinity)])
          .sort();
        return [key, rounded({ ...state, affinity: { latest: affinity.latest, weights } })] as const;
      }
      if (key.startsWith("TREND#")) {
        const { epoch, latest, doc } = row as {
          epoch: number;
          latest: number;
          doc: [string, number, number][];
        };
        const counters = doc
          .map(([id, short, long]) => [
            id,
            valueAt(short, epoch, latest, HALF_LIFE_MS.trendShort),
            valueAt(long, epoch, latest, HALF_LIFE_MS.trendLong),
          ])
          .sort();
        return [key, rounded({ latest, counters })] as const;
      }
      if (key === "CATALOG NEW_ARRIVALS") return [key, "arrivals"] as const;
      return [key, rounded(rest)] as const;
    })
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
}

/** Profiles as their state alone (not version, write time or applied-log); every other row whole. */
const statesAndRows = (rows: Map<string, Record<string, unknown>>) =>
  new Map(
    [...rows].map(([key, row]) => [
      key,
      key.endsWith(" PROFILE") ? (row.doc as { state: unknown }).state : row,
    ]),
  );

const ITEMS_CSV = [
  "itemId,title,categories,brand,tags,price,available",
  "tent-1,Trail Tent,camping/tents,Acme,outdoor|tent,449,true",
  "shoe-1,Run Shoe,shoes/running|sport,Fleet,,89.5,yes",
  "stove-1,Mini Stove,camping/cooking,Acme,,39,true",
  "",
].join("\n");

const EVENT_COUNT = 1500;
const CUSTOMERS = 60;

/** 1,500 events of 2023 by 60 customers over the three items (a fixed pseudo-random walk), then two bad rows. */
function eventsCsv(): string {
  const items = ["tent-1", "shoe-1", "stove-1"];
  const types = ["view", "view", "view", "click", "add_to_cart", "purchase"];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(seed / 65_536) % n; // the high bits: the low ones of this generator repeat quickly
  };
  const lines = ["customerId,itemId,timestamp,type"];
  for (let i = 0; i < EVENT_COUNT; i++) {
    const at = new Date(Date.parse("2023-01-01T00:00:00Z") + i * 3_600_000).toISOString();
    lines.push(`cust-${next(CUSTOMERS)},${items[next(3)]},${at},${types[next(types.length)]}`);
  }
  lines.push("cust-1,,2023-06-01T00:00:00Z,view"); // line 1502: no item for a view
  lines.push("cust-1,tent-1,last tuesday,view"); // line 1503: not a time
  return `${lines.join("\n")}\n`;
}

let dir: string;
let itemsFile: string;
let eventsFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kindred-import-"));
  itemsFile = join(dir, "items.csv");
  eventsFile = join(dir, "events.csv");
  await writeFile(itemsFile, ITEMS_CSV);
  await writeFile(eventsFile, eventsCsv());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm run import into the local store", () => {
  let dataDir: string;
  let afterFirst: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    dataDir = join(dir, "local");
  });

  it(
    "imports a catalog and a CSV of history, showing progress, and reports bad rows by line and field",
    async () => {
      const items = await runImport(["--items", itemsFile], dataDir);
      expect(items.code, items.stderr).toBe(0);
      expect(items.stderr).toContain("3 items imported, 0 rejected, 0 skipped");

      const events = await runImport(["--events", eventsFile], dataDir);
      expect(events.code, events.stderr).toBe(0);
      expect(events.stderr).toMatch(/100% \| 1502 event lines \| \d+ lines\/s \| ETA/);
      expect(events.stderr).toContain(`${EVENT_COUNT} events imported, 2 rejected, 0 skipped`);
      expect(events.stderr).toContain("line 1502: itemId: required for view events");
      expect(events.stderr).toMatch(/line 1503: timestamp: /);

      afterFirst = await dumpStore(dataDir);
      const profiles = [...afterFirst.keys()].filter((k) => k.endsWith(" PROFILE"));
      expect(profiles).toHaveLength(CUSTOMERS);
      // History applies as of its own time: the latest recent item is from 2023, not from today.
      const doc = afterFirst.get("CUSTOMER#cust-1 PROFILE")?.doc as { state: { affinity: StoredAffinity } };
      expect(Object.keys(doc.state.affinity.weights)).toContain("category:camping/tents");
      expect(new Date(doc.state.affinity.latest).getUTCFullYear()).toBe(2023);
    },
    SLOW,
  );

  it(
    "changes nothing when run again: the checkpoint says the file is done",
    async () => {
      const again = await runImport(["--events", eventsFile], dataDir);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain("0 events imported, 0 rejected, 1502 skipped");
      expect(await dumpStore(dataDir)).toEqual(afterFirst);
    },
    SLOW,
  );

  it(
    "changes no profile and no count when every event is sent again (--from-start): each is a duplicate",
    async () => {
      const resent = await runImport(["--events", eventsFile, "--from-start"], dataDir);
      expect(resent.code, resent.stderr).toBe(0);
      expect(resent.stderr).toContain(`${EVENT_COUNT} events imported, 2 rejected, 0 skipped`);
      // Exactly: every profile's state and every other row as it was; only profiles' applied-logs moved.
      expect(statesAndRows(await dumpStore(dataDir))).toEqual(statesAndRows(afterFirst));
    },
    SLOW,
  );

  it(
    "resumes an interrupted import where it stopped, with the same effect as one uninterrupted run",
    async () => {
      const other = join(dir, "interrupted");
      expect((await runImport(["--items", itemsFile], other)).code).toBe(0);
      const stopped = await runImport(["--events", eventsFile, "--limit", "700"], other);
      expect(stopped.code, stopped.stderr).toBe(3);
      expect(stopped.stderr).toContain("700 events imported");
      expect(stopped.stderr).toContain("Stopped after line 701; run the same command again to resume");

      const resumed = await runImport(["--events", eventsFile], other);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain(`${EVENT_COUNT - 700} events imported, 2 rejected, 700 skipped`);
      expect(effect(await dumpStore(other))).toEqual(effect(afterFirst));
    },
    SLOW,
  );

  it(
    "refuses to resume into a file that changed before its checkpoint, and says what to do",
    async () => {
      const changed = join(dir, "changed.csv");
      const text = eventsCsv();
      await writeFile(changed, text);
      const other = join(dir, "changed");
      expect((await runImport(["--events", changed, "--limit", "10"], other)).code).toBe(3);
      await writeFile(changed, text.replace("cust-", "kund-"));
      const refused = await runImport(["--events", changed], other);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("is not the file the checkpoint");
      expect(refused.stderr).toContain("--from-start");
    },
    SLOW,
  );

  it("names what is wrong with a header before importing anything", async () => {
    const bad = join(dir, "bad-header.csv");
    await writeFile(bad, "customer,itemId,timestamp\nc1,tent-1,2023-01-01T00:00:00Z\n");
    const run = await runImport(["--events", bad], join(dir, "bad-header"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("line 1 (header): unknown column(s) customer");
  });

  it(
    "says the data directory is in use, without a stack trace, while a server holds it",
    async () => {
      const busy = join(dir, "busy");
      const file = join(dir, "busy.csv");
      await writeFile(file, "customerId,itemId,timestamp\nc1,tent-1,2023-01-01T00:00:00Z\n");
      const server = await startEmbeddedStores(busy);
      try {
        const run = await runImport(["--events", file], busy);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`the data directory ${busy} is in use — is \`npm start\` running?`);
        expect(run.stderr).toContain("--url <its URL>");
        expect(run.stderr).not.toMatch(/LevelUP|OpenError|\n\s+at /);
      } finally {
        await server.close();
      }
    },
    SLOW,
  );
});

describe("npm run import --url into a running server", () => {
  let api: Client;

  beforeAll(async () => {
    api = await startStack();
  });
  afterAll(async () => {
    await api.kindred.close();
  });

  it(
    "loads JSON Lines items and events through the HTTP API with an admin token",
    async () => {
      const admin = await api.token("ops", "admin");
      const items = join(dir, "items.jsonl");
      await writeFile(items, `${JSON.stringify({ itemId: "tent-1", categories: ["camping/tents"] })}\n`);
      const events = join(dir, "events.jsonl");
      const lines = Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({
          type: "view",
          customerId: "remote-1",
          itemId: "tent-1",
          timestamp: new Date(Date.parse("2024-03-01T00:00:00Z") + i * 60_000).toISOString(),
        }),
      );
      await writeFile(
        events,
        `${lines.join("\n")}\n{"type":"view","customerId":"remote-1","timestamp":"2024-03-02T00:00:00Z"}\nnot json\n`,
      );

      const url = ["--url", api.kindred.url, "--token", admin];
      expect((await runImport(["--items", items, ...url])).code).toBe(0);
      const run = await runImport(["--events", events, ...url]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain("30 events imported, 2 rejected, 0 skipped");
      expect(run.stderr).toContain("line 31: itemId: required for view events");
      expect(run.stderr).toContain("line 32: (row): is not valid JSON");
      // The checkpoint of a remote import sits next to the file it belongs to.
      const checkpoint = run.stderr.match(/checkpoint (\S+events\.jsonl\.import-\w+\.json)/)?.[1];
      expect(JSON.parse(await readFile(checkpoint ?? "", "utf8"))).toMatchObject({
        line: 32,
        target: api.kindred.url,
      });

      await api.kindred.poller.drain();
      const profile = await api.request("GET", "/v1/customers/remote-1/profile", { token: admin });
      expect(profile.status).toBe(200);
      expect(profile.body.affinities).toContainEqual(
        expect.objectContaining({ feature: "category:camping/tents" }),
      );
    },
    SLOW,
  );

  it("stops with the API's answer when the token may not import", async () => {
    const customer = await api.token("remote-1", "customer");
    const items = join(dir, "items-denied.jsonl");
    await writeFile(items, `${JSON.stringify({ itemId: "x-1" })}\n`);
    const run = await runImport(["--items", items, "--url", api.kindred.url, "--token", customer]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PUT \/v1\/items answered 403/);
  });
});
