import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EventsGivenUp } from "../../../infra/import/given-up.js";
import { localTarget } from "../../../infra/import/local-target.js";
import { runImport } from "../../../infra/import/run-import.js";
import { startEmbeddedStores } from "../../../infra/local/embedded-stores.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kindred-give-up-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A profile row the consumer cannot read: every batch with its customer fails, however often retried. */
async function storeUnreadableProfile(dataDir: string, customerId: string) {
  const stores = await startEmbeddedStores(dataDir);
  const db = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    endpoint: stores.dynamoEndpoint,
  });
  try {
    await db.send(
      new PutItemCommand({
        TableName: stores.tableName,
        Item: {
          pk: { S: `CUSTOMER#${customerId}` },
          sk: { S: "PROFILE" },
          v: { N: "1" },
          doc: { B: Buffer.from("not json") },
        },
      }),
    );
  } finally {
    db.destroy();
    await stores.close();
  }
}

it("a local import whose events the consumer gave up fails, naming the range and the redrive", async () => {
  const dataDir = join(dir, "local");
  await storeUnreadableProfile(dataDir, "broken-1");
  const file = join(dir, "events.csv");
  const rows = [0, 1, 2].map((i) => `broken-1,tent-1,2023-01-01T0${i}:00:00Z,view`);
  await writeFile(file, `customerId,itemId,timestamp,type\n${rows.join("\n")}\n`);

  // Retries cut short, so that giving up takes milliseconds, not the half minute of the defaults.
  const target = await localTarget({ KINDRED_DATA_DIR: dataDir }, { maxRetryAttempts: 1, retryDelayMs: 1 });
  try {
    const result = await runImport({
      kind: "events",
      file,
      format: "csv",
      target,
      checkpointPath: join(dataDir, "checkpoint.json"),
    });
    expect(result.report.imported).toBe(3);
    const settled = target.settle();
    await expect(settled).rejects.toBeInstanceOf(EventsGivenUp);
    const message = await settled.catch((error: Error) => error.message);
    expect(message).toContain("gave up 3 stream record(s) of accepted events");
    expect(message).toMatch(/shardId-\d+ \d+–\d+ \(3, RetryAttemptsExhausted\)/);
    expect(message).toContain("npm run redrive -- --local");
    const reports = (await readFile(join(dataDir, "failed-batches.jsonl"), "utf8")).trim().split("\n");
    expect(reports.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ batchSize: 3 })]);
  } finally {
    await target.close();
  }
});
