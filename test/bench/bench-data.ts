import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createDynamoClient } from "../../lib/data/clients.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { encodeEnvelope } from "../../lib/stream/event-record.js";
import { AggregateBuffer } from "../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../lib/usecases/apply-event-batch.js";
import { consumerDeps } from "../support/consumer-harness.js";
import type { BenchServer } from "./load.js";
import { generateWorkload, type Workload, type WorkloadSpec } from "./workload.js";

/** A DynamoDB client for the bench server's store, configured as the functions would be. */
export function benchClient(server: BenchServer): DynamoDBDocumentClient {
  return createDynamoClient(
    loadConfig({
      [ENV.tableName]: server.tableName,
      [ENV.streamName]: "unused",
      [ENV.dynamoEndpoint]: server.dynamoEndpoint,
    }),
  );
}

/**
 * The consumer benchmark's workload (Zipf items, sessions) moved to end a minute ago, so that trending is
 * current, with every customer in Germany or France by the parity of their number.
 */
export function recentWorkload(spec: WorkloadSpec): { workload: Workload; events: KindredEvent[] } {
  const workload = generateWorkload(spec);
  const shift = Date.now() - 60_000 - Math.max(...workload.events.map((e) => Date.parse(e.timestamp)));
  const events = workload.events.map((e) => ({
    ...e,
    timestamp: new Date(Date.parse(e.timestamp) + shift).toISOString(),
    context: { country: Number(e.customerId.replace(/\D/g, "")) % 2 ? "DE" : "FR" },
  }));
  return { workload, events };
}

/** Writes the catalog and applies the events through the real consumer, in stream batches of 500. */
export async function loadThroughConsumer(
  db: DynamoDBDocumentClient,
  tableName: string,
  workload: Workload,
  events: readonly KindredEvent[],
): Promise<void> {
  const deps = { ...consumerDeps(db, tableName), aggregates: new AggregateBuffer(), now: Date.now };
  await deps.catalog.upsertItems(workload.items);
  for (let start = 0; start < events.length; start += 500) {
    const records = events.slice(start, start + 500).map((event, i) => ({
      shardId: "shardId-000000000000",
      sequenceNumber: String(start + i + 1).padStart(21, "0"),
      data: encodeEnvelope({ receivedAt: Date.now(), event }),
    }));
    if ((await applyEventBatch(records, deps)).retryFrom) throw new Error("loading the bench data failed");
  }
}

/**
 * A rank body of `candidates` for request `n`: half catalog items by id (`sku-…`, the workload's), half
 * content judged by the features given inline.
 */
export function rankBody(n: number, candidates: number, catalogSize: number) {
  return {
    items: Array.from({ length: candidates }, (_, i) =>
      i % 2
        ? { itemId: `sku-${(n * 31 + i * 7) % catalogSize}` }
        : {
            itemId: `article-${n}-${i}`,
            categories: [`dept${i % 10}/leaf${i % 40}`],
            tags: [`tag-${i % 17}`],
          },
    ),
    limit: 20,
  };
}
