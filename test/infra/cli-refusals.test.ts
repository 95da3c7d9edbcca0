import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

// The command-line tools run as users run them, each in a process of its own: a mistake on the command
// line is answered with what is wrong and what to do (exit code 2), never with a stack trace.
const SLOW = 60_000;

function run(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    KINDRED_JWT_SECRET: "a-secret-for-the-test-of-at-least-32-chars",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "none",
    AWS_SECRET_ACCESS_KEY: "none",
    // Any AWS call fails at once instead of reaching out.
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const STACK = /\n\s+at |TypeError|ERR_PARSE_ARGS/;

describe("npm run token refuses what would make a useless token", () => {
  const token = (...args: string[]) => run("infra/local/token-cli.ts", args);

  for (const expires of ["abc", "1", "-1d", "0s"]) {
    it(
      `--expires ${expires}: says a lifetime is a positive number with a unit`,
      async () => {
        const result = await token("--sub", "x", "--scope", "admin", `--expires=${expires}`);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toContain(`--expires "${expires}" is not a lifetime`);
        expect(result.stderr).toContain("e.g. --expires 30d");
        expect(result.stderr).not.toMatch(STACK);
      },
      SLOW,
    );
  }

  it(
    "--sub= (empty): asks for the customer id",
    async () => {
      const result = await token("--sub=", "--scope", "customer");
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("--sub is empty");
    },
    SLOW,
  );

  it(
    "signs a token for a valid lifetime",
    async () => {
      const result = await token("--sub", "x", "--scope", "admin", "--expires", "12h");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    },
    SLOW,
  );
});

describe("npm run redrive refuses a wrong command line before any AWS call", () => {
  const redrive = (...args: string[]) => run("infra/ops/redrive.ts", args);

  for (const [args, says] of [
    [["--bogus"], "Unknown option '--bogus'"],
    [["--stream"], "--stream"],
    [
      ["--stream", "s", "--shard", "shardId-0", "--from", "abc", "--to", "12"],
      '--from "abc" is not a sequence number',
    ],
    [
      ["--stream", "s", "--shard", "shardId-0", "--from", "12", "--to", "1e5"],
      '--to "1e5" is not a sequence number',
    ],
  ] as const) {
    it(
      `${args.join(" ")}: says what is wrong and prints the usage`,
      async () => {
        const result = await redrive(...args);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(says);
        expect(result.stderr).toContain("usage:");
        expect(result.stderr).not.toMatch(STACK);
        expect(result.stdout).not.toContain("Redrive");
      },
      SLOW,
    );
  }
});
