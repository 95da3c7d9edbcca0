import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { AggregateBuffer, DEFAULT_FLUSH_POLICY } from "../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../lib/usecases/apply-event-batch.js";
import { appContext } from "../context.js";
import { log, metrics } from "../log.js";

const { config, profiles, catalog, quarantine, neighbours, trends, experiments, offers, affinity, now } =
  appContext();

// Deliberately per container: aggregate increments (co-occurrences, trends) wait here across batches
// while the stream is busy (see AggregateBuffer for what that trades).
const aggregates = new AggregateBuffer({
  policy: { ...DEFAULT_FLUSH_POLICY, maxDelayMs: config.aggregateFlushMs },
});

/** Lambda's eventID is "<shardId>:<sequenceNumber>". */
const shardOf = (eventId: string) => eventId.slice(0, eventId.lastIndexOf(":"));

/**
 * Kinesis consumer: applies a batch with exactly-once effect and reports the first record to retry from
 * (ReportBatchItemFailures), so Lambda checkpoints everything before it.
 */
export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  const outcome = await applyEventBatch(
    event.Records.map((r) => ({
      shardId: shardOf(r.eventID),
      sequenceNumber: r.kinesis.sequenceNumber,
      data: Buffer.from(r.kinesis.data, "base64"),
    })),
    { profiles, catalog, quarantine, neighbours, trends, experiments, offers, aggregates, affinity, now },
    event.Records.length < config.consumerBatchSize,
  );
  log(outcome.retryFrom ? "warn" : "info", "batch applied", {
    records: event.Records.length,
    skipped: outcome.skipped,
    retrying: outcome.retryFrom !== undefined,
    ...metrics({
      EventsApplied: outcome.applied,
      RecordsQuarantined: outcome.quarantined,
      AggregateUpdatesDropped: outcome.aggregateUpdatesDropped,
    }),
  });
  return { batchItemFailures: outcome.retryFrom ? [{ itemIdentifier: outcome.retryFrom }] : [] };
};
