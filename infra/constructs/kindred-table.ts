import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE_DEFINITION } from "../../lib/data/table-definition.js";

export interface KindredTableProps {
  removalPolicy: RemovalPolicy;
}

/**
 * Kindred's single table: keys, TTL and the sparse listing index from the definition local mode also uses;
 * on-demand, PITR on. Rows written before the listing index existed need `npm run backfill:listings` once
 * (docs/operations.md).
 */
export class KindredTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: KindredTableProps) {
    super(scope, id);
    const { partitionKey, sortKey, timeToLiveAttribute, listingIndex } = TABLE_DEFINITION;
    this.table = new TableV2(this, "Table", {
      partitionKey: { name: partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: sortKey.name, type: AttributeType.STRING },
      timeToLiveAttribute,
      globalSecondaryIndexes: [
        {
          indexName: listingIndex.name,
          partitionKey: { name: listingIndex.partitionKey.name, type: AttributeType.STRING },
          sortKey: { name: listingIndex.sortKey.name, type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
      ],
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
  }
}
