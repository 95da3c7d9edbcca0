import { Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Stream } from "aws-cdk-lib/aws-kinesis";
import type { RouteDefinition } from "../../functions/http/routes.js";
import { EXPERIMENT_FACT_PREFIX } from "../../lib/data/rows/experiment-fact.js";
import type { KindredFunction } from "./kindred-function.js";
import { grantListingQuery, grantTableActions } from "./table-grants.js";
import type { VisitorTokens } from "./visitor-tokens.js";

export interface RouteGrantTargets {
  table: ITableV2;
  stream: Stream;
  visitorTokens: VisitorTokens;
}

/**
 * Grants `fn` what the routes it serves need (RouteDefinition.access), and nothing else: one route's for a
 * route function, the union of every route's for the function-URL front door. Table actions are granted in
 * one statement, in the order the routes first name them.
 */
export function grantRouteAccess(
  fn: KindredFunction,
  accesses: readonly RouteDefinition["access"][],
  targets: RouteGrantTargets,
): void {
  const actions = [...new Set(accesses.flatMap((a) => a.table ?? []))];
  if (actions.length > 0)
    grantTableActions(
      fn,
      targets.table,
      actions.map((a) => `dynamodb:${a}`),
    );
  if (accesses.some((a) => a.listing === "query")) grantListingQuery(fn, targets.table);
  if (accesses.some((a) => a.experimentFacts === "write")) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:BatchWriteItem"],
        resources: [targets.table.tableArn],
        // Only experiment fact rows: a list function can write nothing else.
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${EXPERIMENT_FACT_PREFIX}*`] },
        },
      }),
    );
  }
  if (accesses.some((a) => a.visitorKey === "sign")) targets.visitorTokens.grantSign(fn);
  if (accesses.some((a) => a.visitorKey === "verify")) targets.visitorTokens.grantVerify(fn);
  if (accesses.some((a) => a.stream === "write")) {
    targets.stream.grantWrite(fn);
    for (const action of ["kms:ReEncrypt*", "kms:GenerateDataKey*"]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason: "Part of the stream's write grant, and limited to the stream's own KMS key.",
      });
    }
  }
}
