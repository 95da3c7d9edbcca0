import type { FailedBatchInfo } from "../local/stream-poller.js";

/**
 * Accepted events the local consumer gave up on after its retries: they are on the stream but not applied,
 * and the import's checkpoint is past them, so importing again does not bring them back; a redrive does.
 */
export class EventsGivenUp extends Error {
  override name = "EventsGivenUp";

  /**
   * @param batches what the on-failure sink received while the import ran
   * @param dataDir the local data directory, whose failed-batches.jsonl the redrive reads
   * @param logPath where the consumer's log lines (and the errors it retried on) went, if kept
   */
  constructor(
    readonly batches: readonly FailedBatchInfo[],
    dataDir: string,
    logPath?: string,
  ) {
    // The sink is told records, not events: a grouped record (KINDRED_STREAM_RECORDS=customer) holds several.
    const records = batches.reduce((n, b) => n + b.batchSize, 0);
    const ranges = batches
      .map(
        (b) =>
          `  ${b.shardId} ${b.startSequenceNumber}–${b.endSequenceNumber} (${b.batchSize}, ${b.condition})`,
      )
      .join("\n");
    super(
      `the consumer gave up ${records} stream record(s) of accepted events after its retries; they are not applied:\n${ranges}\n` +
        `Put them back on the stream with \`KINDRED_DATA_DIR=${dataDir} npm run redrive -- --local\` ` +
        `(it reads ${dataDir}/failed-batches.jsonl)${logPath ? `; why they failed is in ${logPath}` : ""}.`,
    );
  }
}
