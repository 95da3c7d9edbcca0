import { type KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { backoff } from "../data/retry.js";

export interface StreamRecordInput {
  partitionKey: string;
  data: Uint8Array;
}

/** Publishes records; the result says, per input index, whether the stream holds it. */
export interface EventPublisher {
  publish(records: readonly StreamRecordInput[]): Promise<boolean[]>;
}

const MAX_ATTEMPTS = 4;

export class KinesisEventPublisher implements EventPublisher {
  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly maxAttempts = MAX_ATTEMPTS,
  ) {}

  /**
   * PutRecords succeeds or fails per record (throttling is per shard); only the failed ones are sent again,
   * with backoff. A request-level error is retried the same way. What still fails is reported, not thrown.
   */
  async publish(records: readonly StreamRecordInput[]): Promise<boolean[]> {
    const stored = records.map(() => false);
    let pending = records.map((_, index) => index);
    for (let attempt = 0; attempt < this.maxAttempts && pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt, 50);
      let results: { ErrorCode?: string | undefined }[];
      try {
        const out = await this.kinesis.send(
          new PutRecordsCommand({
            StreamName: this.streamName,
            Records: pending.map((i) => ({ PartitionKey: records[i]?.partitionKey, Data: records[i]?.data })),
          }),
        );
        results = out.Records ?? [];
      } catch {
        continue;
      }
      const stillPending: number[] = [];
      pending.forEach((recordIndex, position) => {
        const result = results[position];
        if (result && !result.ErrorCode) stored[recordIndex] = true;
        else stillPending.push(recordIndex);
      });
      pending = stillPending;
    }
    return stored;
  }
}
