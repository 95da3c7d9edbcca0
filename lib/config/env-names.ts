/** Environment variable names shared by the CDK app (which sets them) and the functions (which read them). */
export const ENV = {
  tableName: "KINDRED_TABLE_NAME",
  streamName: "KINDRED_STREAM_NAME",
  /** Local mode only: endpoints of the embedded stores. Unset in AWS. */
  dynamoEndpoint: "KINDRED_DYNAMODB_ENDPOINT",
  kinesisEndpoint: "KINDRED_KINESIS_ENDPOINT",
  region: "AWS_REGION",
  affinityHalfLifeDays: "KINDRED_AFFINITY_HALF_LIFE_DAYS",
  /** JSON: the ranking strategy lists use when no experiment says otherwise (see lib/schemas/strategy.ts). */
  strategy: "KINDRED_STRATEGY",
  version: "KINDRED_VERSION",
  /** Seconds a serving process may use a catalog entry it read (the bound on a list's staleness); 0: none. */
  rowCacheSeconds: "KINDRED_ROW_CACHE_SECONDS",
  /**
   * How profiles, trend rows and neighbour rows are written: `json` (default) or `deflate` (compressed; fewer
   * write units). Every release from 0.2.0 reads both: see lib/data/rows/packed-document.ts.
   */
  documentFormat: "KINDRED_DOCUMENT_FORMAT",
  /**
   * What ingest writes to the stream: `event` (default; one record per event) or `customer` (one record per
   * customer and request; fewer billed records). Every release from 0.2.0 reads both: see
   * lib/stream/event-record.ts.
   */
  streamRecords: "KINDRED_STREAM_RECORDS",
  /** AWS: the KMS key (RSA, sign/verify) that visitor tokens are signed with; its public half verifies them. */
  visitorKeyId: "KINDRED_VISITOR_KEY_ID",
  /** AWS, the token authorizer: the deployer's identity provider and its accepted audiences (comma-separated). */
  jwtIssuer: "KINDRED_JWT_ISSUER",
  jwtAudience: "KINDRED_JWT_AUDIENCE",
  /**
   * The function-URL front door only: new visitors one process may create, over all callers — per second,
   * and at once (`5` and `10`); unset, no such limit (API Gateway's route throttle stands in front instead).
   */
  visitorRate: "KINDRED_VISITOR_RATE",
  visitorBurst: "KINDRED_VISITOR_BURST",
  /** Local mode only: the HS256 secret every local token, visitor tokens included, is signed with. */
  localJwtSecret: "KINDRED_LOCAL_JWT_SECRET",
} as const;
