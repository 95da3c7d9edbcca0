import { PutRecordCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { encodeEnvelope } from "../../../lib/stream/event-record.js";
import { planRecords } from "../../../lib/stream/grouped-records.js";
import { parseFailureReports, rangeOfFailureReport, redrive } from "../../../lib/stream/redrive.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { consumerDeps } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";
import { readStream } from "../../support/stream-reader.js";

let s: TestStores;
beforeAll(async () => {
  s = await startTestStores();
});
afterAll(async () => {
  s.kinesis.destroy();
  await s.stores.close();
});

async function put(customerId: string, eventId: string) {
  const event = {
    eventId,
    type: "view" as const,
    channel: "web" as const,
    customerId,
    itemId: "tent-1",
    timestamp: "2026-11-01T10:00:00.000Z",
  };
  const out = await s.kinesis.send(
    new PutRecordCommand({
      StreamName: s.stores.streamName,
      PartitionKey: customerId,
      Data: encodeEnvelope({ receivedAt: 1_700_000_000_000, event }),
    }),
  );
  return { shardId: out.ShardId ?? "", sequenceNumber: out.SequenceNumber ?? "" };
}

const eventsOf = async (customerId: string) =>
  (await readStream(s.kinesis, s.stores.streamName))
    .filter((r) => r.envelope.event.customerId === customerId)
    .map((r) => ({ eventId: r.envelope.event.eventId, key: r.partitionKey, at: r.envelope.receivedAt }));

describe("redriving records the consumer gave up on", () => {
  it("puts the range's records on the stream again, unchanged, in order, under their partition keys", async () => {
    const alice = uniqueId("alice");
    const first = await put(alice, "e1");
    await put(alice, "e2");
    const last = await put(alice, "e3");
    await put(alice, "after-the-range");

    const result = await redrive(s.kinesis, s.stores.streamName, [
      {
        shardId: first.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
      },
    ]);

    expect(result).toEqual({ redriven: 3, incomplete: [] });
    const events = await eventsOf(alice);
    expect(events.map((e) => e.eventId)).toEqual(["e1", "e2", "e3", "after-the-range", "e1", "e2", "e3"]);
    // The envelope travels as it was: first receipt time, same key (the consumer's order per customer).
    expect(events.slice(4).every((e) => e.key === alice && e.at === 1_700_000_000_000)).toBe(true);
  });
});

describe("redriving grouped records (one per customer and request)", () => {
  it("puts each back byte for byte, and the consumer counts its events once however often it comes", async () => {
    const bob = uniqueId("bob");
    const events: KindredEvent[] = ["e1", "e2", "e3"].map((eventId) => ({
      eventId,
      type: "view",
      channel: "web",
      customerId: bob,
      itemId: "tent-1",
      timestamp: "2026-11-01T10:00:00.000Z",
    }));
    const [grouped] = planRecords(events, 1_700_000_000_000, "customer");
    if (!grouped) throw new Error("no record planned");
    const out = await s.kinesis.send(
      new PutRecordCommand({
        StreamName: s.stores.streamName,
        PartitionKey: grouped.record.partitionKey,
        Data: grouped.record.data,
      }),
    );
    const range = {
      shardId: out.ShardId ?? "",
      startSequenceNumber: out.SequenceNumber ?? "",
      endSequenceNumber: out.SequenceNumber ?? "",
    };

    expect(await redrive(s.kinesis, s.stores.streamName, [range])).toEqual({ redriven: 1, incomplete: [] });

    const onStream = (await readStream(s.kinesis, s.stores.streamName)).filter((r) => r.partitionKey === bob);
    expect(onStream.map((r) => r.envelope.event.eventId)).toEqual(["e1", "e2", "e3", "e1", "e2", "e3"]);
    const records = [...new Map(onStream.map((r) => [r.sequenceNumber, r])).values()];
    expect(records).toHaveLength(2);
    expect(records.map((r) => Buffer.from(r.data).equals(Buffer.from(grouped.record.data)))).toEqual([
      true,
      true,
    ]);
    const delivered = records.map(({ shardId, sequenceNumber, data }) => ({ shardId, sequenceNumber, data }));
    const outcome = await applyEventBatch(delivered, consumerDeps(s.db, s.config.tableName));
    expect(outcome).toMatchObject({ applied: 3, skipped: 3, quarantined: 0, failures: [] });
  });
});

describe("failure reports", () => {
  const range = { shardId: "shardId-000000000000", startSequenceNumber: "49", endSequenceNumber: "51" };

  it("reads Lambda's on-failure message and local mode's failed-batches.jsonl line alike", () => {
    const lambda = { version: "1.0", KinesisBatchInfo: { ...range, batchSize: 3, streamArn: "arn:…" } };
    const local = { condition: "RetryAttemptsExhausted", ...range, batchSize: 3, streamArn: "arn:…" };
    expect(rangeOfFailureReport(lambda)).toEqual(range);
    expect(rangeOfFailureReport(local)).toEqual(range);
  });

  it("takes JSON Lines, a JSON array, or SQS bodies still as strings", () => {
    const line = JSON.stringify({ KinesisBatchInfo: range });
    expect(parseFailureReports(`${line}\n\n${line}\n`)).toEqual([range, range]);
    expect(parseFailureReports(JSON.stringify([{ KinesisBatchInfo: range }]))).toEqual([range]);
    expect(parseFailureReports(JSON.stringify(line))).toEqual([range]);
    expect(parseFailureReports("")).toEqual([]);
  });

  it("refuses what is not a failure report, saying what it expected", () => {
    expect(() => parseFailureReports('{"Records":[]}')).toThrow(/expected shardId, startSequenceNumber/);
  });
});
