import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { TABLE_DEFINITION } from "../../lib/data/table-definition.js";

/**
 * Grants `actions` (e.g. `dynamodb:GetItem`) on the table's own rows, never on its indexes: CDK's
 * `table.grant` adds `<table>/index/*` as soon as the table has an index, which no writer or key reader needs.
 * The table's key is AWS-managed, so no KMS grant is needed.
 */
export function grantTableActions(grantee: IGrantable, table: ITableV2, actions: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }),
  );
}

/** Grants Query on the listing index alone (TABLE_DEFINITION.listingIndex): what the admin lists page with. */
export function grantListingQuery(grantee: IGrantable, table: ITableV2): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ["dynamodb:Query"],
      resources: [`${table.tableArn}/index/${TABLE_DEFINITION.listingIndex.name}`],
    }),
  );
}
