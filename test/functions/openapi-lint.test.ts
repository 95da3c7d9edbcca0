import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/http/openapi-document.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "kindred-openapi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

describe("the OpenAPI document under Redocly's recommended rules", () => {
  it("has no error and no warning (linted offline, no telemetry)", async () => {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(openApiDocument("1.2.3")));
    // Redocly exits non-zero on errors; its JSON report is on stdout either way.
    const out = await run(
      "node_modules/.bin/redocly",
      ["lint", file, "--extends=recommended", "--format=json"],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const report = JSON.parse(out.stdout) as { problems: LintProblem[] };
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`,
    );
    expect(problems).toEqual([]);
  }, 60_000);
});
