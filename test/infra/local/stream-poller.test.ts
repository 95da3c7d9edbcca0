import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { KinesisStreamEvent } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryCheckpoints } from "../../../infra/local/checkpoints.js";
import {
  type FailedBatchInfo,
  type PollerOptions,
  StreamPoller,
} from "../../../infra/local/stream-poller.js";
import { startTestStores, type TestStores } from "../../support/stores.js";

let t: TestStores;
beforeEach(async () => {
  t = await startTestStores();
});
afterEach(async () => {
  await t.stores.close();
});

/** Puts numbered records on the stream, all with one partition key so they share a shard and its order. */
async function put(count: number, partitionKey = "customer-1") {
  await t.kinesis.send(
    new PutRecordsCommand({
      StreamName: t.config.streamName,
      Records: Array.from({ length: count }, (_, i) => ({
        PartitionKey: partitionKey,
        Data: new TextEncoder().encode(String(i)),
      })),
    }),
  );
}

const payloads = (event: KinesisStreamEvent) =>
  event.Records.map((r) => Number(Buffer.from(r.kinesis.data, "base64").toString()));

function poller(handler: PollerOptions["handler"], overrides: Partial<PollerOptions> = {}) {
  const failures: FailedBatchInfo[] = [];
  const checkpoints = memoryCheckpoints();
  const p = new StreamPoller({
    kinesis: t.kinesis,
    streamName: t.config.streamName,
    handler,
    checkpoints,
    onFailure: async (info) => {
      failures.push(info);
    },
    retryDelayMs: 1,
    ...overrides,
  });
  return { p, failures, checkpoints };
}

describe("the local event source mapping", () => {
  it("delivers a shard's records in order, in batches no larger than the batch size, each once", async () => {
    await put(25);
    const batches: number[][] = [];
    const { p } = poller(
      async (event) => {
        batches.push(payloads(event));
        return { batchItemFailures: [] };
      },
      { batchSize: 10 },
    );
    await p.drain();
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches[0]?.length).toBeLessThanOrEqual(10);
  });

  it("after a reported failure, keeps what came before it and redelivers from the failed record", async () => {
    await put(6);
    const seen: number[][] = [];
    let failOnce = true;
    const { p } = poller(async (event) => {
      seen.push(payloads(event));
      if (failOnce) {
        failOnce = false;
        return { batchItemFailures: [{ itemIdentifier: event.Records[3]?.kinesis.sequenceNumber ?? "" }] };
      }
      return { batchItemFailures: [] };
    });
    await p.drain();
    expect(seen).toEqual([
      [0, 1, 2, 3, 4, 5],
      [3, 4, 5],
    ]);
  });

  it("bisects a failing batch to isolate a poison record, and sends only it to the on-failure sink", async () => {
    await put(8);
    const delivered = new Set<number>();
    const { p, failures } = poller(
      async (event) => {
        if (payloads(event).includes(5)) throw new Error("boom");
        for (const n of payloads(event)) delivered.add(n);
        return { batchItemFailures: [] };
      },
      { maxRetryAttempts: 2 },
    );
    await p.drain();
    expect([...delivered].sort()).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(failures).toEqual([
      expect.objectContaining({ condition: "RetryAttemptsExhausted", batchSize: 1 }),
    ]);
  });

  it("gives up after the maximum retries and moves on, rather than blocking the shard", async () => {
    await put(3);
    let calls = 0;
    const { p, failures, checkpoints } = poller(
      async (event) => {
        calls++;
        return { batchItemFailures: [{ itemIdentifier: event.Records[0]?.kinesis.sequenceNumber ?? "" }] };
      },
      { maxRetryAttempts: 2 },
    );
    await p.drain();
    expect(calls).toBe(3);
    expect(failures).toEqual([
      expect.objectContaining({
        condition: "RetryAttemptsExhausted",
        batchSize: 3,
        shardId: expect.stringMatching(/^shardId-/),
      }),
    ]);
    await put(1);
    const later: number[] = [];
    const next = poller(async (event) => {
      later.push(...payloads(event));
      return { batchItemFailures: [] };
    });
    next.checkpoints.current = checkpoints.current;
    await next.p.drain();
    expect(later).toEqual([0]);
  });

  it("with the default retries, waits out a store that fails for 20 s on a loaded machine, giving up nothing", async () => {
    await put(3);
    let clock = 0;
    const waits: number[] = [];
    const failures: FailedBatchInfo[] = [];
    const delivered: number[] = [];
    const p = new StreamPoller({
      kinesis: t.kinesis,
      streamName: t.config.streamName,
      checkpoints: memoryCheckpoints(),
      onFailure: async (info) => {
        failures.push(info);
      },
      handler: async (event) => {
        if (clock < 20_000)
          return { batchItemFailures: [{ itemIdentifier: event.Records[0]?.kinesis.sequenceNumber ?? "" }] };
        delivered.push(...payloads(event));
        return { batchItemFailures: [] };
      },
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    await p.drain();
    expect(failures).toEqual([]);
    expect(delivered).toEqual([0, 1, 2]);
    // Backing off doubles each wait, within a bound that keeps a recovered store from idling long.
    expect(waits.slice(0, 3)).toEqual([50, 100, 200]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10_000);
  });

  it("sends records older than the maximum age to the on-failure sink instead of the function", async () => {
    await put(2);
    const handled: number[] = [];
    const { p, failures } = poller(
      async (event) => {
        handled.push(...payloads(event));
        return { batchItemFailures: [] };
      },
      { maxRecordAgeMs: 60_000, now: () => Date.now() + 120_000 },
    );
    await p.drain();
    expect(handled).toEqual([]);
    expect(failures).toEqual([expect.objectContaining({ condition: "RecordAgeExceeded", batchSize: 2 })]);
  });

  it("by default never gives up a record for its age: a consumer that fell behind catches up", async () => {
    await put(3);
    const handled: number[] = [];
    const { p, failures } = poller(
      async (event) => {
        handled.push(...payloads(event));
        return { batchItemFailures: [] };
      },
      { now: () => Date.now() + 30 * 86_400_000 },
    );
    await p.drain();
    expect(handled).toEqual([0, 1, 2]);
    expect(failures).toEqual([]);
  });

  it("resumes after its checkpoint when restarted", async () => {
    await put(4);
    const first = poller(async () => ({ batchItemFailures: [] }));
    await first.p.drain();
    await put(2, "customer-1");
    const seen: number[] = [];
    const second = poller(async (event) => {
      seen.push(...payloads(event));
      return { batchItemFailures: [] };
    });
    second.checkpoints.current = first.checkpoints.current;
    await second.p.drain();
    expect(seen).toEqual([0, 1]);
  });
});
