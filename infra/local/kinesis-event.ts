import type { _Record as KinesisRecord } from "@aws-sdk/client-kinesis";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";

const REGION = "us-east-1";
const ACCOUNT = "000000000000";

/** The ARN a local stream is known by, in the shape Lambda reports for a real one. */
export const localStreamArn = (streamName: string) =>
  `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${streamName}`;

/** A batch of records as Lambda's Kinesis event source mapping hands it to the consumer function. */
export function kinesisEvent(
  streamArn: string,
  shardId: string,
  records: readonly KinesisRecord[],
): KinesisStreamEvent {
  return {
    Records: records.map(
      (r): KinesisStreamRecord => ({
        kinesis: {
          kinesisSchemaVersion: "1.0",
          partitionKey: r.PartitionKey ?? "",
          sequenceNumber: r.SequenceNumber ?? "",
          data: Buffer.from(r.Data ?? new Uint8Array()).toString("base64"),
          approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
        },
        eventSource: "aws:kinesis",
        eventVersion: "1.0",
        eventID: `${shardId}:${r.SequenceNumber}`,
        eventName: "aws:kinesis:record",
        invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/kindred-local-consumer`,
        awsRegion: REGION,
        eventSourceARN: streamArn,
      }),
    ),
  };
}
