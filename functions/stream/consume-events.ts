import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { applyEventBatch } from "../../lib/usecases/apply-event-batch.js";
import { appContext } from "../context.js";
import { log, metrics } from "../log.js";

const { consumer } = appContext();

/** Lambda's eventID is "<shardId>:<sequenceNumber>". */
const shardOf = (eventId: string) => eventId.slice(0, eventId.lastIndexOf(":"));

/**
 * Kinesis consumer: applies a batch with exactly-once effect and reports the first record to retry from
 * (ReportBatchItemFailures), so Lambda checkpoints everything before it. Every failure is logged with its
 * stage and error name (never a message or personal data) and counted as `BatchFailures`.
 */
export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  const outcome = await applyEventBatch(
    event.Records.map((r) => ({
      shardId: shardOf(r.eventID),
      sequenceNumber: r.kinesis.sequenceNumber,
      data: Buffer.from(r.kinesis.data, "base64"),
    })),
    consumer,
  );
  const failed = outcome.failures.reduce((n, f) => n + f.count, 0);
  log(outcome.retryFrom || outcome.aggregateUpdatesDropped > 0 ? "warn" : "info", "batch applied", {
    records: event.Records.length,
    skipped: outcome.skipped,
    retrying: outcome.retryFrom !== undefined,
    ...(outcome.failures.length > 0 ? { failures: outcome.failures } : {}),
    ...metrics({
      EventsApplied: outcome.applied,
      RecordsQuarantined: outcome.quarantined,
      AggregateUpdatesDropped: outcome.aggregateUpdatesDropped,
      BatchFailures: failed,
    }),
  });
  return { batchItemFailures: outcome.retryFrom ? [{ itemIdentifier: outcome.retryFrom }] : [] };
};
