import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { LogFormatError, parseInteractionLog, parseMovieLensItems } from "./interaction-log.js";
import { PLANTED_DEFAULTS, plantedLog, toCsv } from "./planted-log.js";

describe("reading interaction logs", () => {
  it("reads CSV with or without a header, with epoch or ISO times and an optional type", () => {
    const log = parseInteractionLog(
      "customerId,itemId,timestamp,type\nc1,i1,2026-01-01T00:00:00Z,purchase\nc1,i2,1767225700\nc2,i1,1767225800000,view\n",
    );
    expect(log).toEqual([
      { customerId: "c1", itemId: "i1", at: Date.parse("2026-01-01T00:00:00Z"), type: "purchase" },
      { customerId: "c1", itemId: "i2", at: 1_767_225_700_000, type: "view" },
      { customerId: "c2", itemId: "i1", at: 1_767_225_800_000, type: "view" },
    ]);
  });

  it("reads MovieLens u.data (every rating is an interaction) and genres from u.item", () => {
    expect(parseInteractionLog("196\t242\t3\t881250949\n186\t302\t3\t891717742\n")).toEqual([
      { customerId: "196", itemId: "242", at: 881_250_949_000, type: "view" },
      { customerId: "186", itemId: "302", at: 891_717_742_000, type: "view" },
    ]);
    const genres = parseMovieLensItems(
      "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n",
    );
    expect(genres.get("1")).toEqual(["movies/animation", "movies/children", "movies/comedy"]);
  });

  it("names the line of a malformed entry", () => {
    expect(() => parseInteractionLog("c1,i1,2026-01-01T00:00:00Z\nc1,i2,yesterday\n")).toThrow(
      new LogFormatError("line 2: timestamp must be epoch seconds, epoch ms or ISO-8601"),
    );
    expect(() => parseInteractionLog("c1,i1,1767225700,like")).toThrow(/line 1: type must be one of/);
    expect(() => parseInteractionLog("\n\n")).toThrow(LogFormatError);
  });
});

describe("evaluating on a log with planted structure", () => {
  const log = plantedLog({ ...PLANTED_DEFAULTS, customers: 240 });

  it("finds the taste groups: for-you and also-viewed beat the most-popular baseline and cover more of the catalog", async () => {
    const phases = new Set<string>();
    const result = await evaluate(log, { onProgress: (phase) => phases.add(phase) });
    expect(result.customersEvaluated).toBe(240);
    expect(result.eventsReplayed).toBe(log.length - 240);
    expect(result.forYou.hitRate).toBeGreaterThan(result.mostPopular.hitRate * 1.5);
    expect(result.forYou.ndcg).toBeGreaterThan(result.mostPopular.ndcg);
    expect(result.alsoViewed.hitRate).toBeGreaterThan(result.mostPopular.hitRate);
    expect(result.forYou.coverage).toBeGreaterThan(result.mostPopular.coverage);
    expect(phases).toEqual(new Set(["replay", "evaluate"]));
  });

  it("runs from the command line on a CSV file and prints the table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindred-eval-"));
    const file = join(dir, "log.csv");
    writeFileSync(file, toCsv(plantedLog({ ...PLANTED_DEFAULTS, customers: 40 })));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "test/eval/run-eval.ts", file],
      { env: { ...process.env, NODE_NO_WARNINGS: "1" } },
    );
    expect(stdout).toMatch(/40 customers held out/);
    expect(stdout).toMatch(/\| for you +\| 0\.\d{3} \|/);
    expect(stdout).toMatch(/\| most popular \(baseline\) \| 0\.\d{3} \|/);
  });
});
