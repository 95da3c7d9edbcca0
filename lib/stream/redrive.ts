import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  PutRecordCommand,
} from "@aws-sdk/client-kinesis";
import { z } from "zod";

/** A run of records on one shard, both ends included, as the event source mapping reports a given-up batch. */
export interface SequenceRange {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
}

const rangeSchema = z.object({
  shardId: z.string().min(1),
  startSequenceNumber: z.string().regex(/^\d+$/),
  endSequenceNumber: z.string().regex(/^\d+$/),
});

/**
 * The range a failure report names: Lambda's on-failure message (SQS body, `KinesisBatchInfo`) or a line of
 * local mode's `failed-batches.jsonl` (the same fields at the top level).
 */
export function rangeOfFailureReport(report: unknown): SequenceRange {
  const info =
    typeof report === "object" && report !== null && "KinesisBatchInfo" in report
      ? report.KinesisBatchInfo
      : report;
  const parsed = rangeSchema.safeParse(info);
  if (!parsed.success) {
    throw new Error(
      "Not a failure report: expected shardId, startSequenceNumber and endSequenceNumber (at the top level or under KinesisBatchInfo)",
    );
  }
  return parsed.data;
}

export interface RedriveResult {
  /** Records read back from the range and put on the stream again. */
  redriven: number;
  /** Ranges whose first record the stream no longer holds (past its retention): some records are lost. */
  incomplete: SequenceRange[];
}

/**
 * Puts the records of each range on the stream again, byte for byte — the envelope keeps the event and when
 * it was first received — under their original partition keys, one at a time and in order (PutRecords
 * does not keep order within a request; each customer's events must stay in order). Safe to repeat: the
 * consumer drops events it has already applied (dedupe by customer and event id).
 */
export async function redrive(
  kinesis: KinesisClient,
  streamName: string,
  ranges: readonly SequenceRange[],
): Promise<RedriveResult> {
  const result: RedriveResult = { redriven: 0, incomplete: [] };
  for (const range of ranges) {
    let first = true;
    const lastByKey = new Map<string, string>();
    for await (const record of readRange(kinesis, streamName, range)) {
      if (first && record.sequenceNumber !== range.startSequenceNumber) result.incomplete.push(range);
      first = false;
      const out = await kinesis.send(
        new PutRecordCommand({
          StreamName: streamName,
          PartitionKey: record.partitionKey,
          Data: record.data,
          // Kinesis orders the new record after this key's previous one even if a put is retried.
          SequenceNumberForOrdering: lastByKey.get(record.partitionKey),
        }),
      );
      if (out.SequenceNumber) lastByKey.set(record.partitionKey, out.SequenceNumber);
      result.redriven++;
    }
    if (first) result.incomplete.push(range);
  }
  return result;
}

interface StoredRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Uint8Array;
}

/** The records of a range still on the stream, oldest first; stops at the range's end or the stream's tip. */
async function* readRange(
  kinesis: KinesisClient,
  streamName: string,
  range: SequenceRange,
): AsyncGenerator<StoredRecord> {
  const end = BigInt(range.endSequenceNumber);
  let { ShardIterator: iterator } = await kinesis.send(
    new GetShardIteratorCommand({
      StreamName: streamName,
      ShardId: range.shardId,
      ShardIteratorType: "AT_SEQUENCE_NUMBER",
      StartingSequenceNumber: range.startSequenceNumber,
    }),
  );
  while (iterator) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    const records = page.Records ?? [];
    for (const r of records) {
      if (BigInt(r.SequenceNumber ?? "0") > end) return;
      yield {
        sequenceNumber: r.SequenceNumber ?? "",
        partitionKey: r.PartitionKey ?? "",
        data: r.Data ?? new Uint8Array(),
      };
    }
    // An empty page at the tip: the rest of the range is not there (trimmed, or the range was wrong).
    if (records.length === 0 && (page.MillisBehindLatest ?? 0) === 0) return;
    iterator = page.NextShardIterator;
  }
}

/** Failure reports as JSON Lines (local mode's failed-batches.jsonl, `jq -c` output) or one JSON array. */
export function parseFailureReports(text: string): SequenceRange[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  const reports: unknown[] = trimmed.startsWith("[")
    ? (JSON.parse(trimmed) as unknown[])
    : trimmed
        .split(/\r?\n/)
        .filter((l) => l.trim() !== "")
        .map((line) => JSON.parse(line) as unknown);
  return reports.map((r) => rangeOfFailureReport(typeof r === "string" ? JSON.parse(r) : r));
}
