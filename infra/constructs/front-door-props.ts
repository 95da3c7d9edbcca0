import type { RemovalPolicy } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { Stream } from "aws-cdk-lib/aws-kinesis";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";

/** What either front door (the HTTP API, the function-URL front door) is built from. */
export interface FrontDoorProps {
  table: ITableV2;
  stream: Stream;
  /** The functions' environment (lib/config/env-names.ts). */
  environment: Record<string, string>;
  /** The identity provider whose tokens the API takes, and its accepted audiences. */
  jwtIssuer: string;
  jwtAudience: string[];
  logRetention: RetentionDays;
  /** Browser origins allowed to call the API (CORS); none: no CORS headers. */
  corsOrigins: string[];
  removalPolicy: RemovalPolicy;
}
