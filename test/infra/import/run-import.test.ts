import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportTarget } from "../../../infra/import/local-target.js";
import type { InputFormat } from "../../../infra/import/row-source.js";
import { runImport } from "../../../infra/import/run-import.js";

// The importer against a stand-in API that accepts every event and records which it was sent.
let dir: string;
let server: Server;
let target: ImportTarget;
const received: { customerId: string; itemId: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kindred-run-import-"));
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (d: Buffer) => {
      text += d.toString();
    });
    req.on("end", () => {
      const { events } = JSON.parse(text) as { events: { customerId: string; itemId: string }[] };
      received.push(...events);
      res.writeHead(202, { "content-type": "application/json" });
      res.end(JSON.stringify({ accepted: events.length, rejected: [], failed: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target = { url, token: "t", name: url, settle: async () => {}, close: async () => {} };
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const importFile = (file: string, format: InputFormat) =>
  runImport({ kind: "events", file, format, target, checkpointPath: `${file}.checkpoint.json` });

const csvLine = (item: string) => `c1,${item},2026-01-01T00:00:00Z\n`;
const jsonLine = (item: string) =>
  `${JSON.stringify({ type: "view", customerId: "c1", itemId: item, timestamp: "2026-01-01T00:00:00Z" })}\n`;

describe("importing a file that is still being written", () => {
  for (const [format, header, line] of [
    ["csv", "customerId,itemId,timestamp\n", csvLine],
    ["jsonl", "", jsonLine],
  ] as const) {
    it(`does not resume past a last ${format} line that has no line break yet, so the completed line is imported`, async () => {
      const file = join(dir, `growing.${format}`);
      const half = line("item-2").slice(0, 8);
      await writeFile(file, `${header}${line("item-1")}${half}`);
      received.length = 0;

      const first = await importFile(file, format);
      // The checkpoint stays at the end of the last complete line.
      expect(first.position.offset).toBe(Buffer.byteLength(`${header}${line("item-1")}`));
      const checkpoint = JSON.parse(await readFile(`${file}.checkpoint.json`, "utf8"));
      expect(checkpoint.offset).toBe(first.position.offset);

      // The writer finishes the line; the next run reads it whole.
      await appendFile(file, line("item-2").slice(8));
      received.length = 0;
      const second = await importFile(file, format);
      expect(received.map((e) => e.itemId)).toEqual(["item-2"]);
      expect(second.report.imported).toBe(1);
      expect(second.position.offset).toBe((await readFile(file)).length);
    });
  }
});

describe("resuming a file that changed", () => {
  it("refuses a file edited anywhere before the checkpoint, even when the edit keeps its length", async () => {
    const file = join(dir, "edited.csv");
    // 5,000 rows (about 190 KiB): the edit falls far from both the file's start and the checkpoint.
    const rows = Array.from({ length: 5_000 }, (_, i) => csvLine(`item-${String(i).padStart(5, "0")}`));
    await writeFile(file, `customerId,itemId,timestamp\n${rows.join("")}`);
    await importFile(file, "csv");

    rows[2_500] = csvLine("ITEM-02500");
    await writeFile(file, `customerId,itemId,timestamp\n${rows.join("")}${csvLine("item-new")}`);
    await expect(importFile(file, "csv")).rejects.toThrow(/is not the file the checkpoint .* was taken on/);
  });

  it("resumes a file that only grew, sending just the appended rows", async () => {
    const file = join(dir, "grown.csv");
    const rows = Array.from({ length: 5_000 }, (_, i) => csvLine(`item-${i}`));
    await writeFile(file, `customerId,itemId,timestamp\n${rows.join("")}`);
    await importFile(file, "csv");

    await appendFile(file, csvLine("item-new"));
    received.length = 0;
    await importFile(file, "csv");
    expect(received.map((e) => e.itemId)).toEqual(["item-new"]);
  });
});
