import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  type _Record as KinesisRecord,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { EVENT_SOURCE_MAPPING } from "../../lib/stream/event-source-mapping.js";
import { kinesisEvent, localStreamArn } from "./kinesis-event.js";

export type StreamHandler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | undefined>;

/** What Lambda sends to an on-failure destination for a Kinesis source: where the batch is, not its data. */
export interface FailedBatchInfo {
  condition: "RetryAttemptsExhausted" | "RecordAgeExceeded";
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize: number;
  streamArn: string;
}

export interface CheckpointStore {
  load(): Promise<Record<string, string>>;
  save(checkpoints: Record<string, string>): Promise<void>;
}

export interface PollerOptions {
  kinesis: KinesisClient;
  streamName: string;
  handler: StreamHandler;
  /** Lambda's BatchSize. */
  batchSize?: number;
  /** Lambda's MaximumRetryAttempts: retries after the first attempt before the records go to onFailure. */
  maxRetryAttempts?: number;
  /** Lambda's MaximumRecordAgeInSeconds, in ms. */
  maxRecordAgeMs?: number;
  /** Lambda's BisectBatchOnFunctionError. */
  bisectOnError?: boolean;
  onFailure: (info: FailedBatchInfo) => Promise<void>;
  checkpoints: CheckpointStore;
  idleDelayMs?: number;
  /** The wait before the first retry of a failing batch, in ms; each further retry waits twice as long. */
  retryDelayMs?: number;
  /** The longest wait between retries, in ms. */
  maxRetryDelayMs?: number;
  now?: () => number;
  /** Waits `ms` milliseconds (tests pass a clock of their own). */
  sleep?: (ms: number) => Promise<void>;
}

interface ShardState {
  shardId: string;
  iterator?: string | undefined;
  /** Fetched and not yet finished, oldest first. */
  pending: KinesisRecord[];
}

/**
 * Feeds a Kinesis stream to a consumer handler under the rules of Lambda's event source mapping: batches in
 * shard order, checkpoint after the lowest reported failure, bisect on a function error, bounded retries and
 * record age, and an on-failure sink for what is given up. Shards are polled one batch at a time each.
 */
export class StreamPoller {
  private readonly opts: Required<
    Omit<PollerOptions, "kinesis" | "streamName" | "handler" | "onFailure" | "checkpoints">
  >;
  private readonly shards = new Map<string, ShardState>();
  private checkpoints: Record<string, string> = {};
  private lock: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private loop: Promise<void> | undefined;
  private readonly streamArn: string;

  constructor(private readonly options: PollerOptions) {
    this.opts = {
      batchSize: options.batchSize ?? EVENT_SOURCE_MAPPING.batchSize,
      maxRetryAttempts: options.maxRetryAttempts ?? EVENT_SOURCE_MAPPING.retryAttempts,
      maxRecordAgeMs: options.maxRecordAgeMs ?? Number.POSITIVE_INFINITY,
      bisectOnError: options.bisectOnError ?? true,
      idleDelayMs: options.idleDelayMs ?? 100,
      retryDelayMs: options.retryDelayMs ?? 50,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? sleep,
    };
    this.streamArn = localStreamArn(options.streamName);
  }

  /** Polls in the background until stop(). */
  async start(): Promise<void> {
    this.checkpoints = await this.options.checkpoints.load();
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        const processed = await this.pollOnce().catch(() => 0);
        if (processed === 0 && !this.stopped) await sleep(this.opts.idleDelayMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Processes until every shard is caught up with what the stream held when drain was called or later. */
  async drain(): Promise<void> {
    if (this.stopped && this.loop === undefined) this.checkpoints = await this.options.checkpoints.load();
    while ((await this.pollOnce()) > 0) {
      // keep going
    }
  }

  /** One batch per shard; returns how many records were handled. Serialised, so callers may overlap. */
  pollOnce(): Promise<number> {
    const run = this.lock.then(() => this.pollShards());
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async pollShards(): Promise<number> {
    const list = await this.options.kinesis.send(
      new ListShardsCommand({ StreamName: this.options.streamName }),
    );
    let handled = 0;
    for (const shard of list.Shards ?? []) {
      if (!shard.ShardId) continue;
      let state = this.shards.get(shard.ShardId);
      if (!state) {
        state = { shardId: shard.ShardId, pending: [] };
        this.shards.set(shard.ShardId, state);
      }
      handled += await this.pollShard(state);
    }
    return handled;
  }

  private async pollShard(state: ShardState): Promise<number> {
    if (state.pending.length < this.opts.batchSize) {
      const fetched = await this.fetch(state, this.opts.batchSize - state.pending.length);
      state.pending.push(...fetched);
    }
    const batch = state.pending.slice(0, this.opts.batchSize);
    if (batch.length === 0) return 0;
    await this.deliver(state.shardId, batch, 0);
    state.pending = state.pending.slice(batch.length);
    return batch.length;
  }

  private async fetch(state: ShardState, limit: number): Promise<KinesisRecord[]> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!state.iterator) state.iterator = await this.iteratorFor(state);
      try {
        const out = await this.options.kinesis.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: limit }),
        );
        state.iterator = out.NextShardIterator;
        return out.Records ?? [];
      } catch (error) {
        if (!(error instanceof ExpiredIteratorException)) throw error;
        state.iterator = undefined;
      }
    }
    return [];
  }

  private async iteratorFor(state: ShardState): Promise<string | undefined> {
    // Resume after the last record fetched (pending ones included) or else after the checkpoint.
    const after = state.pending.at(-1)?.SequenceNumber ?? this.checkpoints[state.shardId];
    const out = await this.options.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: this.options.streamName,
        ShardId: state.shardId,
        ...(after
          ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: after }
          : { ShardIteratorType: "TRIM_HORIZON" }),
      }),
    );
    return out.ShardIterator;
  }

  /** Runs one batch to completion under the ESM rules; afterwards every record in it is checkpointed. */
  private async deliver(shardId: string, records: KinesisRecord[], retries: number): Promise<void> {
    let batch = records;
    let attempt = retries;
    while (batch.length > 0) {
      const cutoff = this.opts.now() - this.opts.maxRecordAgeMs;
      const expired = batch.filter((r) => (r.ApproximateArrivalTimestamp?.getTime() ?? 0) < cutoff);
      if (expired.length > 0) {
        await this.giveUp(shardId, expired, "RecordAgeExceeded");
        batch = batch.filter((r) => !expired.includes(r));
        continue;
      }

      let failedIndex: number;
      try {
        const response = await this.options.handler(kinesisEvent(this.streamArn, shardId, batch));
        const failures = response?.batchItemFailures ?? [];
        if (failures.length === 0) {
          await this.checkpoint(shardId, batch);
          return;
        }
        const indexes = failures.map((f) => batch.findIndex((r) => r.SequenceNumber === f.itemIdentifier));
        // An identifier that names no record in the batch fails the whole batch, as in Lambda.
        failedIndex = indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
      } catch {
        if (this.opts.bisectOnError && batch.length > 1) {
          const middle = Math.ceil(batch.length / 2);
          await this.deliver(shardId, batch.slice(0, middle), attempt);
          await this.deliver(shardId, batch.slice(middle), attempt);
          return;
        }
        failedIndex = 0;
      }

      await this.checkpoint(shardId, batch.slice(0, failedIndex));
      batch = batch.slice(failedIndex);
      attempt++;
      if (attempt > this.opts.maxRetryAttempts) {
        await this.giveUp(shardId, batch, "RetryAttemptsExhausted");
        return;
      }
      await this.opts.sleep(retryDelay(attempt, this.opts.retryDelayMs, this.opts.maxRetryDelayMs));
    }
  }

  private async giveUp(shardId: string, records: KinesisRecord[], condition: FailedBatchInfo["condition"]) {
    await this.options.onFailure({
      condition,
      shardId,
      startSequenceNumber: records[0]?.SequenceNumber ?? "",
      endSequenceNumber: records.at(-1)?.SequenceNumber ?? "",
      batchSize: records.length,
      streamArn: this.streamArn,
    });
    await this.checkpoint(shardId, records);
  }

  private async checkpoint(shardId: string, done: KinesisRecord[]): Promise<void> {
    const last = done.at(-1)?.SequenceNumber;
    if (!last) return;
    this.checkpoints = { ...this.checkpoints, [shardId]: last };
    await this.options.checkpoints.save(this.checkpoints);
  }
}

/**
 * The wait before retry `attempt` (1 = the first), in ms: doubling from `baseMs`, at most `maxMs`. With the
 * defaults a failing batch is retried for about half a minute before it is given up, so a store that is
 * merely slow on a loaded machine (a linear 50 ms step gave up within 3 s) costs time, not events.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
