import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE_DEFINITION } from "../../lib/data/table-definition.js";

export interface KindredTableProps {
  removalPolicy: RemovalPolicy;
}

/** Kindred's single table: keys and TTL from the definition local mode also uses; on-demand, PITR on. */
export class KindredTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: KindredTableProps) {
    super(scope, id);
    const { partitionKey, sortKey, timeToLiveAttribute } = TABLE_DEFINITION;
    this.table = new TableV2(this, "Table", {
      partitionKey: { name: partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: sortKey.name, type: AttributeType.STRING },
      timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
  }
}
