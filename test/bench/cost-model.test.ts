import { describe, expect, it } from "vitest";
import {
  billedMs,
  costPerMillionEvents,
  costPerMillionRequests,
  type EventUnits,
  idleCostPerMonth,
  lambdaCost,
  totalOf,
} from "./cost-model.js";

const EVENTS: EventUnits = {
  writeUnitsPerEvent: 1,
  readUnitsPerEvent: 0,
  recordBytes: 400,
  batchSize: 500,
  consumerMsPerBatch: 1,
  consumerMemoryMb: 1024,
  eventsPerIngestRequest: 5,
  ingestMsPerRequest: 1,
  ingestMemoryMb: 512,
  architecture: "arm64",
  streamMode: "on-demand",
  enhancedFanOut: false,
};

describe("what a million events cost on the stream", () => {
  it("bills each on-demand record written as at least 1 KB: a million records of 400 bytes as a million KB", () => {
    const cost = costPerMillionEvents(EVENTS);
    // 1,000,000 KB in at $0.08/GB, and the 400,000,000 bytes read at $0.04/GB.
    expect(cost.kinesis).toBeCloseTo((1e6 * 1024 * 0.08 + 4e8 * 0.04) / 1024 ** 3, 9);
  });

  it("bills grouped records by the records written, each rounded up on its own", () => {
    // A record per customer and request: 0.25 records per event, 1.5 KB each on average but billed 2 KB each.
    const grouped = { ...EVENTS, recordsPerEvent: 0.25, recordBytes: 1536, billedKbPerRecord: 2 };
    const cost = costPerMillionEvents(grouped);
    expect(cost.kinesis).toBeCloseTo((250_000 * 2 * 1024 * 0.08 + 250_000 * 1536 * 0.04) / 1024 ** 3, 9);
    expect(cost.kinesis).toBeLessThan(costPerMillionEvents(EVENTS).kinesis / 1.5);
    // Without the per-record rounding given, the mean record's rounding stands in for it.
    expect(costPerMillionEvents({ ...grouped, billedKbPerRecord: undefined }).kinesis).toBeCloseTo(
      cost.kinesis,
      9,
    );
    // A provisioned stream: one PUT payload unit per record of up to 25 KB.
    const provisioned = costPerMillionEvents({ ...grouped, streamMode: "provisioned" });
    expect(provisioned.kinesis).toBeCloseTo(0.25 * 0.014, 9);
  });

  it("invokes the consumer once per batch of records: grouped records carry more events per invocation", () => {
    const perEvent = costPerMillionEvents({ ...EVENTS, consumerMsPerBatch: 100 });
    const grouped = costPerMillionEvents({ ...EVENTS, consumerMsPerBatch: 100, recordsPerEvent: 0.25 });
    expect(grouped.lambda).toBeCloseTo(perEvent.lambda - (lambdaCost(2_000, 100, 1024, "arm64") * 3) / 4, 9);
  });
});

describe("what a million events cost through a function URL", () => {
  it("is the ingest requests' gateway charge less, everything else equal", () => {
    const viaGateway = costPerMillionEvents(EVENTS);
    const viaUrl = costPerMillionEvents({ ...EVENTS, front: "function-url" });
    expect(viaGateway.apiGateway).toBeCloseTo(0.2, 9); // 200,000 requests of 5 events
    expect(viaUrl.apiGateway).toBe(0);
    expect(totalOf(viaGateway) - totalOf(viaUrl)).toBeCloseTo(0.2, 9);
  });
});

describe("what a million API requests cost", () => {
  it("a million for-you requests reading 8 read units each cost $1.00 in DynamoDB reads", () => {
    const cost = costPerMillionRequests({
      readUnitsPerRequest: 8,
      msPerRequest: 1,
      memoryMb: 512,
      architecture: "arm64",
    });
    expect(cost.dynamodb).toBeCloseTo(1.0, 6);
  });

  it("every request pays API Gateway's $1.00 per million and Lambda's $0.20 per million invocations", () => {
    const cost = costPerMillionRequests({
      readUnitsPerRequest: 0,
      msPerRequest: 1,
      memoryMb: 512,
      architecture: "arm64",
    });
    expect(cost.apiGateway).toBe(1.0);
    // 1 ms at 0.5 GB: 500 GB-s × $0.0000133334 ≈ $0.0067, plus $0.20 for the invocations.
    expect(cost.lambda).toBeCloseTo(0.2 + 500 * 0.0000133334, 6);
    expect(totalOf(cost)).toBeCloseTo(1.2067, 4);
  });

  it("a million requests of 100 ms at 512 MB on Arm cost $0.67 of duration; on x86 $0.83", () => {
    expect(lambdaCost(1_000_000, 100, 512, "arm64") - 0.2).toBeCloseTo(0.6667, 4);
    expect(lambdaCost(1_000_000, 100, 512, "x86_64") - 0.2).toBeCloseTo(0.8333, 4);
  });

  it("through a function URL a request pays no gateway charge: $1.00 per million less, the function and reads unchanged", () => {
    const units = { readUnitsPerRequest: 8, msPerRequest: 1, memoryMb: 512, architecture: "arm64" } as const;
    const viaGateway = costPerMillionRequests(units);
    const viaUrl = costPerMillionRequests({ ...units, front: "function-url" });
    expect(viaUrl.apiGateway).toBe(0);
    expect(viaUrl.lambda).toBeCloseTo(viaGateway.lambda, 9);
    expect(viaUrl.dynamodb).toBeCloseTo(viaGateway.dynamodb, 9);
    expect(totalOf(viaGateway) - totalOf(viaUrl)).toBeCloseTo(1.0, 9);
    expect(() =>
      costPerMillionRequests({ ...units, front: "function-url", authorizerInvocationsPerRequest: 1 }),
    ).toThrow(/no authorizer/);
  });

  it("an authorizer whose cache always misses doubles the invocations", () => {
    const units = { readUnitsPerRequest: 0, msPerRequest: 1, memoryMb: 512, architecture: "arm64" } as const;
    const cached = costPerMillionRequests(units);
    const missed = costPerMillionRequests({ ...units, authorizerInvocationsPerRequest: 1, authorizerMs: 1 });
    expect(missed.lambda).toBeCloseTo(2 * cached.lambda, 6);
  });
});

describe("billed duration, estimated from CPU time and round trips", () => {
  it("rounds up to Lambda's 1 ms and never bills less than 1 ms", () => {
    expect(billedMs({ cpuMs: 0.01, roundTrips: 0, memoryMb: 1769, cpuFactor: 1, roundTripMs: 10 })).toBe(1);
    expect(billedMs({ cpuMs: 2.2, roundTrips: 0, memoryMb: 1769, cpuFactor: 1, roundTripMs: 10 })).toBe(3);
  });

  it("stretches CPU time by the share of a vCPU the memory buys, and adds each round trip", () => {
    // 512 MB is 0.289 of a vCPU: 10 ms of CPU take 34.6 ms; two round trips of 10 ms add 20.
    expect(billedMs({ cpuMs: 10, roundTrips: 2, memoryMb: 512, cpuFactor: 1, roundTripMs: 10 })).toBe(55);
  });
});

describe("what a million events cost, ingested and applied", () => {
  it("each write request unit per event costs $0.625 per million events", () => {
    const one = costPerMillionEvents(EVENTS);
    const three = costPerMillionEvents({ ...EVENTS, writeUnitsPerEvent: 3 });
    expect(three.dynamodb - one.dynamodb).toBeCloseTo(1.25, 6);
  });

  it("an on-demand stream bills each record of 400 bytes as 1 KB written ($0.08 per GB) and 400 bytes read ($0.04 per GB)", () => {
    const gbIn = 1_000_000 / 1024 ** 2;
    const gbOut = (1_000_000 * 400) / 1024 ** 3;
    expect(costPerMillionEvents(EVENTS).kinesis).toBeCloseTo(gbIn * 0.08 + gbOut * 0.04, 6);
  });

  it("a provisioned stream bills one PUT payload unit per record under 25 KB: $0.014 per million", () => {
    expect(costPerMillionEvents({ ...EVENTS, streamMode: "provisioned" }).kinesis).toBeCloseTo(0.014, 6);
  });

  it("five events per ingest request make 200,000 API requests: $0.20 in API Gateway", () => {
    expect(costPerMillionEvents(EVENTS).apiGateway).toBeCloseTo(0.2, 6);
  });

  it("larger batches mean fewer consumer invocations", () => {
    const small = costPerMillionEvents({ ...EVENTS, batchSize: 100, consumerMsPerBatch: 100 });
    const large = costPerMillionEvents({ ...EVENTS, batchSize: 10_000, consumerMsPerBatch: 10_000 });
    // Same GB-seconds (1 ms per event), 10,000 invocations against 100.
    expect(small.lambda - large.lambda).toBeCloseTo((9_900 / 1_000_000) * 0.2, 6);
  });
});

describe("what it costs idle", () => {
  it("an on-demand stream costs $29.20 a month with no traffic; a provisioned shard $10.95", () => {
    const base = {
      shards: 1,
      enhancedFanOut: false,
      kmsKeys: 0,
      alarms: 0,
      dashboards: 0,
      m2mAppClients: 0,
    };
    expect(idleCostPerMonth({ ...base, streamMode: "on-demand" })[0]?.perMonth).toBeCloseTo(29.2, 6);
    expect(idleCostPerMonth({ ...base, streamMode: "provisioned" })[0]?.perMonth).toBeCloseTo(10.95, 6);
  });

  it("counts keys, alarms, dashboards and Cognito client-credentials clients by the month", () => {
    const lines = idleCostPerMonth({
      streamMode: "provisioned",
      shards: 1,
      enhancedFanOut: true,
      kmsKeys: 2,
      alarms: 75,
      dashboards: 1,
      m2mAppClients: 2,
    });
    const total = lines.reduce((sum, l) => sum + l.perMonth, 0);
    // 10.95 shard + 10.95 fan-out consumer-shard + 2 keys + 7.50 alarms + 3 dashboard + 12 Cognito.
    expect(total).toBeCloseTo(10.95 * 2 + 2 + 7.5 + 3 + 12, 6);
  });
});
