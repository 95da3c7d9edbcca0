import { Duration, Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { StreamConsumer as KinesisStreamConsumer, type Stream } from "aws-cdk-lib/aws-kinesis";
import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import {
  KinesisConsumerEventSource,
  KinesisEventSource,
  type KinesisEventSourceProps,
  SqsDlq,
} from "aws-cdk-lib/aws-lambda-event-sources";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { EVENT_SOURCE_MAPPING, type EventSourceMapping } from "../../lib/stream/event-source-mapping.js";
import { KindredFunction } from "./kindred-function.js";
import { grantTableActions } from "./table-grants.js";

/** The event source mapping's settings (see lib/stream/event-source-mapping.ts; local mode uses the same). */
export type ConsumerSettings = EventSourceMapping;

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = EVENT_SOURCE_MAPPING;

export interface StreamConsumerProps {
  stream: Stream;
  table: ITableV2;
  environment: Record<string, string>;
  settings: ConsumerSettings;
  logRetention: RetentionDays;
  /**
   * Read through an enhanced fan-out consumer: Kinesis pushes records over HTTP/2 (about 70 ms from put to
   * consumer) instead of Lambda polling each shard about once a second; billed per consumer-shard hour and
   * per GB read (docs/deploy.md, "Freshness").
   */
  enhancedFanOut: boolean;
}

/**
 * The stream consumer with the failure handling that keeps a shard moving: partial batch responses, bisect
 * on error, bounded retries (never an age limit: a consumer that falls behind catches up), and an encrypted on-failure queue holding shard and sequence
 * range of what was given up, enough to redrive it from the stream.
 */
export class StreamConsumer extends Construct {
  readonly function: KindredFunction;
  readonly onFailureQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    this.onFailureQueue = new Queue(this, "OnFailure", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.onFailureQueue).acknowledge({
      id: "AwsSolutions::AwsSolutions-SQS3",
      reason:
        "This queue is itself the on-failure destination (the dead-letter queue) of the stream consumer.",
    });
    this.function = new KindredFunction(this, "Function", {
      entry: "functions/stream/consume-events.ts",
      description: "Applies interaction events to customer profiles",
      timeout: Duration.seconds(60),
      memorySize: 1024,
      environment: props.environment,
      logRetention: props.logRetention,
    });
    // Exactly what the consumer calls: batch reads, the consistent re-read of a profile after a conflict,
    // versioned puts, and batch writes (quarantine, experiment facts).
    grantTableActions(this.function, props.table, [
      "dynamodb:BatchGetItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:BatchWriteItem",
    ]);
    const mapping: KinesisEventSourceProps = {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: props.settings.batchSize,
      reportBatchItemFailures: true,
      bisectBatchOnError: props.settings.bisectBatchOnError,
      retryAttempts: props.settings.retryAttempts,
      ...(props.settings.maxRecordAgeSeconds === undefined
        ? {}
        : { maxRecordAge: Duration.seconds(props.settings.maxRecordAgeSeconds) }),
      parallelizationFactor: props.settings.parallelizationFactor,
      ...(props.settings.maxBatchingWindowSeconds > 0
        ? { maxBatchingWindow: Duration.seconds(props.settings.maxBatchingWindowSeconds) }
        : {}),
      onFailure: new SqsDlq(this.onFailureQueue),
    };
    this.function.addEventSource(
      props.enhancedFanOut
        ? new KinesisConsumerEventSource(
            new KinesisStreamConsumer(this, "FanOut", {
              stream: props.stream,
              // One per stream: the name need only be unique among the stream's consumers.
              streamConsumerName: "kindred-consumer",
            }),
            mapping,
          )
        : new KinesisEventSource(props.stream, mapping),
    );
  }
}
