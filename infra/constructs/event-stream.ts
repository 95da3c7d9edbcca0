import { Duration, type RemovalPolicy, Validations } from "aws-cdk-lib";
import { Stream, StreamEncryption, StreamMode } from "aws-cdk-lib/aws-kinesis";
import { Key } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { STREAM_DEFINITION } from "../../lib/data/table-definition.js";

/**
 * On-demand scales by itself and bills per stream-hour (≈ $29 a month idle); provisioned bills per
 * shard-hour (one shard ≈ $11 a month) and needs resharding to grow — the cheaper choice for small shops.
 */
export type StreamCapacity = { mode: "on-demand" } | { mode: "provisioned"; shards: number };

export interface EventStreamProps {
  removalPolicy: RemovalPolicy;
  capacity: StreamCapacity;
}

/** The event stream: on-demand or provisioned, encrypted with a customer-managed KMS key that rotates. */
export class EventStream extends Construct {
  readonly stream: Stream;

  constructor(scope: Construct, id: string, props: EventStreamProps) {
    super(scope, id);
    const { capacity } = props;
    if (capacity.mode === "provisioned" && !(Number.isInteger(capacity.shards) && capacity.shards >= 1)) {
      throw new Error(
        `Kindred: a provisioned stream needs a whole number of shards, 1 or more (got ${capacity.shards}).`,
      );
    }
    const key = new Key(this, "Key", {
      description: "Kindred event stream encryption",
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.stream = new Stream(this, "Stream", {
      ...(capacity.mode === "provisioned"
        ? { streamMode: StreamMode.PROVISIONED, shardCount: capacity.shards }
        : { streamMode: StreamMode.ON_DEMAND }),
      encryption: StreamEncryption.KMS,
      encryptionKey: key,
      retentionPeriod: Duration.hours(STREAM_DEFINITION.retentionHours),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.stream).acknowledge({
      id: "AwsSolutions::AwsSolutions-KDS3",
      reason:
        "Encrypted with a customer-managed key with rotation (stronger than aws/kinesis): the key's use is auditable and grantable per function.",
    });
  }
}
