import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type EvaluationResult, evaluate } from "./evaluate.js";
import { PLANTED_DEFAULTS, plantedLog, toCsv } from "./planted-log.js";

const scoresOf = (result: EvaluationResult, id: string) => {
  const row = result.lists.find((l) => l.id === id);
  if (!row) throw new Error(`no list ${id}`);
  return row.scores;
};

describe("evaluating on a log with planted structure", () => {
  const log = plantedLog({ ...PLANTED_DEFAULTS, customers: 240 });

  it("finds the taste groups: for-you as served beats the most-popular baseline by 1.5× on HR@10", async () => {
    const phases = new Set<string>();
    const result = await evaluate(log, { onProgress: (phase) => phases.add(phase) });
    expect(result.split.heldOut).toBe(240);
    expect(result.split.trainingEvents).toBe(log.length - 240);
    expect(result.replay.applied).toBe(log.length - 240);
    const forYou = scoresOf(result, "kindred.for-you");
    const popular = scoresOf(result, "baseline.most-popular");
    expect(forYou.hr).toBeGreaterThanOrEqual(popular.hr * 1.5);
    expect(phases).toEqual(new Set(["baselines", "replay", "lists"]));
    // Every list was asked for every held-out customer, the rank task included.
    for (const row of result.lists) expect(row.scores.cases).toBe(240);
    // A whole replay through the real consumer: room for a busy 2-core machine (no time is asserted).
  }, 120_000);
});

describe("the command line", () => {
  it("reads a CSV file and prints both tables; --json carries the inputs' sha256 and the parameters", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindred-eval-"));
    const file = join(dir, "log.csv");
    writeFileSync(file, toCsv(plantedLog({ ...PLANTED_DEFAULTS, customers: 40 })));
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "test/eval/run-eval.ts", ...args], {
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
      });
    const [table, json] = await Promise.all([run(file, "--in-process"), run(file, "--json", "--seed", "7")]);
    expect(table.stdout).toMatch(/40 held out/);
    expect(table.stdout).toMatch(/\| for you +\| kindred +\| 0\.\d{3} ±0\.\d{3} \|/);
    expect(table.stdout).toMatch(/\| session-kNN +\| baseline +\| 0\.\d{3} ±0\.\d{3} \|/);
    expect(table.stdout).toMatch(/\| rank +\| kindred +\| 0\.\d{3} ±0\.\d{3} \|/);
    expect(table.stderr).toMatch(/replaying events/);
    const report = JSON.parse(json.stdout);
    expect(report.dataset.files).toEqual([{ path: file, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(report.parameters).toMatchObject({ k: 10, seed: 7, sessionKnn: { k: 50, m: 5 } });
    expect(report.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(report.lists.map((l: { id: string }) => l.id)).toContain("kindred.also-viewed");
  }, 120_000);
});
