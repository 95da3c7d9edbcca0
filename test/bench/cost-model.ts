/**
 * Issue #18: what Kindred costs in AWS, computed from measured units × list prices. Pure: no I/O, no clock.
 *
 * Prices are AWS list prices for us-east-1 (N. Virginia), read 2026-11-29 from the pages named beside each,
 * first pricing tier only (no free tier, no savings plans). Check those pages before relying on them.
 */

export const PRICES = {
  region: "us-east-1",
  asOf: "2026-11-29",
  hoursPerMonth: 730,
  // https://aws.amazon.com/dynamodb/pricing/on-demand/ (on-demand; the November 2024 price cut)
  dynamodb: {
    /** A write request unit: one write of an item up to 1 KB (larger items take one per started KB). */
    perMillionWriteUnits: 0.625,
    /** A read request unit: one strongly consistent read of up to 4 KB, or two eventually consistent. */
    perMillionReadUnits: 0.125,
    storagePerGbMonth: 0.25,
    /** Continuous backups (point-in-time recovery), per GB-month of table size. */
    pitrPerGbMonth: 0.2,
  },
  // https://aws.amazon.com/lambda/pricing/ (first 6 billion GB-s a month on Arm, 7.5 billion on x86)
  lambda: {
    perGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
    perMillionRequests: 0.2,
    /** Lambda gives a function one full vCPU at 1,769 MB, and CPU in proportion to memory below that. */
    memoryMbPerVcpu: 1769,
  },
  // https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million requests a month, 512 KB each).
  // Lambda function URLs have no charge of their own: https://aws.amazon.com/lambda/pricing/ ("Function URLs").
  apiGateway: { httpApiPerMillionRequests: 1.0 },
  // https://aws.amazon.com/kinesis/data-streams/pricing/ (on demand, writes are rounded up to 1 KB per record,
  // reads are not, as Trek10's comparison of 2023-09-21 reads the page too)
  kinesis: {
    onDemand: {
      streamHour: 0.04,
      /** Per GB written, each record rounded up to 1 KB. */
      perGbIn: 0.08,
      /** Per GB read by a polling (shared-throughput) consumer: the bytes read, not rounded. */
      perGbOut: 0.04,
      /** Per GB read through an enhanced fan-out consumer (on-demand has no consumer-shard hour). */
      enhancedFanOutPerGbOut: 0.05,
    },
    provisioned: {
      shardHour: 0.015,
      /** One PUT payload unit per started 25 KB of a record. */
      perMillionPutPayloadUnits: 0.014,
      enhancedFanOutConsumerShardHour: 0.015,
      enhancedFanOutPerGbOut: 0.013,
    },
  },
  // https://aws.amazon.com/kms/pricing/
  kms: { perKeyMonth: 1.0, perTenThousandAsymmetricRsaRequests: 0.15, perTenThousandSymmetricRequests: 0.03 },
  // https://aws.amazon.com/cloudwatch/pricing/ (standard-resolution alarm per metric; dashboards beyond 3 free)
  cloudwatch: { perAlarmMonth: 0.1, perDashboardMonth: 3.0 },
  // https://aws.amazon.com/cognito/pricing/ (machine-to-machine: app clients with the client-credentials grant,
  // billed per client per month, prorated by the second, whether or not they ask for tokens)
  cognito: { perM2mAppClientMonth: 6.0, perThousandM2mTokenRequests: 2.25 },
} as const;

export type Architecture = keyof typeof PRICES.lambda.perGbSecond;
export type StreamMode = "on-demand" | "provisioned";

/** A cost in US dollars, by service. */
export interface CostParts {
  apiGateway: number;
  lambda: number;
  dynamodb: number;
  kinesis: number;
}

export const totalOf = (parts: CostParts) => parts.apiGateway + parts.lambda + parts.dynamodb + parts.kinesis;

const MILLION = 1_000_000;
const KB = 1024;
const GB = 1024 ** 3;

/** The CPU share Lambda gives a function of `memoryMb` (1 = one vCPU). */
export const vcpuShare = (memoryMb: number) => Math.min(1, memoryMb / PRICES.lambda.memoryMbPerVcpu);

/**
 * The duration Lambda would bill for one invocation, estimated (it cannot be measured locally): the CPU time
 * measured here, stretched by the function's CPU share and by `cpuFactor` (Lambda's cores against this
 * machine's), plus each sequential store round trip at `roundTripMs`, rounded up to Lambda's 1 ms.
 */
export function billedMs(opts: {
  cpuMs: number;
  roundTrips: number;
  memoryMb: number;
  cpuFactor: number;
  roundTripMs: number;
}): number {
  const ms = (opts.cpuMs * opts.cpuFactor) / vcpuShare(opts.memoryMb) + opts.roundTrips * opts.roundTripMs;
  return Math.max(1, Math.ceil(ms - 1e-9));
}

/** Lambda's charge for `invocations` invocations of `ms` billed each at `memoryMb`. */
export function lambdaCost(invocations: number, ms: number, memoryMb: number, arch: Architecture): number {
  const gbSeconds = invocations * (ms / 1000) * (memoryMb / 1024);
  return (
    gbSeconds * PRICES.lambda.perGbSecond[arch] + (invocations / MILLION) * PRICES.lambda.perMillionRequests
  );
}

/** Measured (or assumed, where stated) units of a million events, from the HTTP API to the table. */
export interface EventUnits {
  /** DynamoDB write request units per event (every item the consumer writes, by size). */
  writeUnitsPerEvent: number;
  /** DynamoDB read request units per event (the consumer's batch reads). */
  readUnitsPerEvent: number;
  /** Mean bytes of one Kinesis record: data blob plus partition key. */
  recordBytes: number;
  /** Kinesis records per event (default 1: a record per event; fewer with KINDRED_STREAM_RECORDS=customer). */
  recordsPerEvent?: number;
  /**
   * Mean KB an on-demand stream bills per record written: each record rounded up to 1 KB (default: the mean
   * record's size rounded up, exact when records are all of a size).
   */
  billedKbPerRecord?: number;
  /** Mean PUT payload units (a started 25 KB each) per record on a provisioned stream (default: the mean's). */
  putUnitsPerRecord?: number;
  /** Records per consumer invocation (the event source mapping's batch size, when batches arrive full). */
  batchSize: number;
  /** Billed consumer milliseconds per invocation of `batchSize` records. */
  consumerMsPerBatch: number;
  consumerMemoryMb: number;
  /** Events per `POST /v1/events` (apps send what they buffered). */
  eventsPerIngestRequest: number;
  /** Billed milliseconds of one ingest invocation. */
  ingestMsPerRequest: number;
  ingestMemoryMb: number;
  architecture: Architecture;
  streamMode: StreamMode;
  enhancedFanOut: boolean;
  /** What takes `POST /v1/events` (default `http-api`); a function URL bills nothing per request. */
  front?: "http-api" | "function-url";
}

/**
 * What a million events cost, in US dollars by service: ingested over the HTTP API, put on the stream (as
 * `recordsPerEvent` records each), read and applied to the table (in invocations of `batchSize` records).
 */
export function costPerMillionEvents(u: EventUnits): CostParts {
  const ingestRequests = MILLION / u.eventsPerIngestRequest;
  const records = MILLION * (u.recordsPerEvent ?? 1);
  const invocations = records / u.batchSize;
  const k = PRICES.kinesis;
  const bytesOut = records * u.recordBytes;
  let kinesis: number;
  if (u.streamMode === "on-demand") {
    const gbIn = (records * (u.billedKbPerRecord ?? Math.ceil(u.recordBytes / KB)) * KB) / GB;
    kinesis =
      gbIn * k.onDemand.perGbIn +
      (bytesOut / GB) * (u.enhancedFanOut ? k.onDemand.enhancedFanOutPerGbOut : k.onDemand.perGbOut);
  } else {
    const putUnits = records * (u.putUnitsPerRecord ?? Math.ceil(u.recordBytes / (25 * KB)));
    kinesis =
      (putUnits / MILLION) * k.provisioned.perMillionPutPayloadUnits +
      (u.enhancedFanOut ? (bytesOut / GB) * k.provisioned.enhancedFanOutPerGbOut : 0);
  }
  return {
    apiGateway:
      u.front === "function-url"
        ? 0
        : (ingestRequests / MILLION) * PRICES.apiGateway.httpApiPerMillionRequests,
    lambda:
      lambdaCost(ingestRequests, u.ingestMsPerRequest, u.ingestMemoryMb, u.architecture) +
      lambdaCost(invocations, u.consumerMsPerBatch, u.consumerMemoryMb, u.architecture),
    dynamodb:
      u.writeUnitsPerEvent * PRICES.dynamodb.perMillionWriteUnits +
      u.readUnitsPerEvent * PRICES.dynamodb.perMillionReadUnits,
    kinesis,
  };
}

/** Measured units of one API request. */
export interface RequestUnits {
  /** DynamoDB read request units per request (eventually consistent reads count half a unit per 4 KB). */
  readUnitsPerRequest: number;
  /** Billed milliseconds of the route's function per request. */
  msPerRequest: number;
  memoryMb: number;
  architecture: Architecture;
  /**
   * Invocations of the token authorizer per request: 0 when its 5-minute cache holds the caller's token,
   * 1 for every request when it never does.
   */
  authorizerInvocationsPerRequest?: number;
  authorizerMs?: number;
  /**
   * What answers the request (default `http-api`): API Gateway's HTTP API, billed per request, or a Lambda
   * function URL, which bills nothing per request beyond the function's own invocation — its token checks
   * run in the function, so they are in `msPerRequest`, and there is no authorizer to invoke.
   */
  front?: "http-api" | "function-url";
}

/**
 * What a million responses of one API route cost.
 * @throws Error for a function URL with authorizer invocations (it has no authorizer).
 */
export function costPerMillionRequests(u: RequestUnits): CostParts {
  const authorizer = u.authorizerInvocationsPerRequest ?? 0;
  const viaUrl = u.front === "function-url";
  if (viaUrl && authorizer > 0) throw new Error("A function URL has no authorizer to invoke.");
  return {
    apiGateway: viaUrl ? 0 : PRICES.apiGateway.httpApiPerMillionRequests,
    lambda:
      lambdaCost(MILLION, u.msPerRequest, u.memoryMb, u.architecture) +
      lambdaCost(MILLION * authorizer, u.authorizerMs ?? 1, u.memoryMb, u.architecture),
    dynamodb: u.readUnitsPerRequest * PRICES.dynamodb.perMillionReadUnits,
    kinesis: 0,
  };
}

/** What the stack creates that bills by the month whether or not anyone calls it. */
export interface IdleResources {
  streamMode: StreamMode;
  /** Provisioned shards (ignored on demand). */
  shards: number;
  enhancedFanOut: boolean;
  kmsKeys: number;
  alarms: number;
  dashboards: number;
  /** Cognito app clients allowed the client-credentials grant (0 with your own identity provider). */
  m2mAppClients: number;
}

export interface IdleLine {
  what: string;
  perMonth: number;
}

/** The monthly bill with zero traffic (table storage and backups aside: they follow the data kept). */
export function idleCostPerMonth(r: IdleResources): IdleLine[] {
  const h = PRICES.hoursPerMonth;
  const k = PRICES.kinesis;
  const lines: IdleLine[] = [
    r.streamMode === "on-demand"
      ? { what: "Kinesis on-demand stream-hours", perMonth: k.onDemand.streamHour * h }
      : {
          what: `Kinesis provisioned, ${r.shards} shard${r.shards === 1 ? "" : "s"}`,
          perMonth: k.provisioned.shardHour * h * r.shards,
        },
  ];
  if (r.enhancedFanOut && r.streamMode === "provisioned")
    lines.push({
      what: "enhanced fan-out consumer-shard hours",
      perMonth: k.provisioned.enhancedFanOutConsumerShardHour * h * r.shards,
    });
  lines.push(
    { what: `KMS keys (${r.kmsKeys})`, perMonth: r.kmsKeys * PRICES.kms.perKeyMonth },
    { what: `CloudWatch alarms (${r.alarms})`, perMonth: r.alarms * PRICES.cloudwatch.perAlarmMonth },
    {
      what: `CloudWatch dashboards (${r.dashboards}; free if the account has fewer than 3 others)`,
      perMonth: r.dashboards * PRICES.cloudwatch.perDashboardMonth,
    },
  );
  if (r.m2mAppClients > 0)
    lines.push({
      what: `Cognito client-credentials app clients (${r.m2mAppClients})`,
      perMonth: r.m2mAppClients * PRICES.cognito.perM2mAppClientMonth,
    });
  return lines;
}
