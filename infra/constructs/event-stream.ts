import { Duration, type RemovalPolicy, Validations } from "aws-cdk-lib";
import { Stream, StreamEncryption, StreamMode } from "aws-cdk-lib/aws-kinesis";
import { Key } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { STREAM_DEFINITION } from "../../lib/data/table-definition.js";

/** The event stream: on-demand capacity, encrypted with a customer-managed KMS key that rotates. */
export class EventStream extends Construct {
  readonly stream: Stream;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    const key = new Key(this, "Key", {
      description: "Kindred event stream encryption",
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.stream = new Stream(this, "Stream", {
      streamMode: StreamMode.ON_DEMAND,
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
