/**
 * How the stream reaches the consumer — Lambda's event source mapping in AWS, the local poller on one
 * machine. One definition, so local mode behaves as AWS does.
 */
export interface EventSourceMapping {
  /** Records per invocation; larger batches mean fewer aggregate writes per event. */
  batchSize: number;
  /** Retries of a failing batch before its records go to the on-failure destination, 0–10. */
  retryAttempts: number;
  /**
   * Records older than this are given up, in seconds; `undefined` never gives one up for its age, so a
   * consumer that falls behind catches up instead of losing accepted events (the stream's retention
   * still bounds how far behind it may fall: the iterator-age alarm fires long before).
   */
  maxRecordAgeSeconds: number | undefined;
  /** Split a failing batch in two and retry the halves, to isolate the record that fails. */
  bisectBatchOnError: boolean;
  /**
   * Concurrent batches per shard, 1–10. Lambda keeps each partition key (customer) in order at any
   * factor and the applied-log is per customer, so raising it is safe; it costs more write conflicts on
   * shared aggregate rows (retried).
   */
  parallelizationFactor: number;
  /**
   * How long Lambda may gather records before invoking, in seconds (0–300; 0: invoke as soon as records
   * arrive). A window lets batches grow towards `batchSize`, so each touched neighbour, trending and profile
   * row is written once for more events (fewer write units per event), at the cost of up to that long
   * before an event shows. Local mode polls continuously and ignores it.
   */
  maxBatchingWindowSeconds: number;
}

export const EVENT_SOURCE_MAPPING: EventSourceMapping = {
  batchSize: 500,
  retryAttempts: 10,
  maxRecordAgeSeconds: undefined,
  bisectBatchOnError: true,
  parallelizationFactor: 1,
  maxBatchingWindowSeconds: 0,
};
