import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startStack } from "../../support/local-stack.js";

// The README's first command, as a newcomer runs it (on a free port: PORT=0): `npm start` on a fresh data
// directory comes up with the demo loaded, and what it holds survives a Ctrl+C and a second start (which
// loads nothing again).
const dataDir = mkdtempSync(join(tmpdir(), "kindred-start-"));
const SLOW = 180_000;

interface Started {
  child: ChildProcess;
  output: string;
  adminToken: string;
  url: string;
}

async function npmStart(): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/main.ts"], {
    env: { ...process.env, KINDRED_DATA_DIR: dataDir, PORT: "0", KINDRED_DEMO: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (/Stop: Ctrl\+C/.test(output)) {
        clearInterval(check);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(check);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  const adminToken = /admin token \(sub=admin\):\s+(\S+)/.exec(output)?.[1];
  const url = /Kindred is running at (http:\/\/\S+)/.exec(output)?.[1];
  if (!adminToken || !url) throw new Error(`no admin token or address printed:\n${output}`);
  return { child, output, adminToken, url };
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once("exit", resolve));
  started.child.kill("SIGINT");
  await exited;
}

async function catalogSize({ url, adminToken }: Started): Promise<number> {
  const res = await fetch(`${url}/v1/items?limit=100`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm start on a fresh clone", () => {
  it(
    "loads the demo into a new data directory, and keeps it (loading nothing again) after a restart",
    async () => {
      const first = await npmStart();
      let items: number;
      try {
        expect(first.output).toMatch(/Demo loaded: \d+ items/);
        items = await catalogSize(first);
        expect(items).toBeGreaterThan(0);
      } finally {
        await stop(first);
      }

      const second = await npmStart();
      try {
        expect(second.output).not.toMatch(/Demo loaded/);
        expect(await catalogSize(second)).toBe(items);
      } finally {
        await stop(second);
      }
    },
    SLOW,
  );
});

describe("whether a local table is empty (the demo loads only into an empty one)", () => {
  it("counts a new table as empty, and a table whose only item was deleted as someone's", async () => {
    const api = await startStack();
    try {
      expect(await api.kindred.isEmpty()).toBe(true);
      const token = await api.token("ops", "admin");
      const item = { itemId: "only-one", title: "Only one", categories: ["x"], available: true };
      expect((await api.request("PUT", "/v1/items", { token, body: { items: [item] } })).status).toBe(200);
      expect((await api.request("DELETE", "/v1/items/only-one", { token })).status).toBe(204);
      expect(await api.kindred.isEmpty()).toBe(false);
    } finally {
      await api.kindred.close();
    }
  });
});
