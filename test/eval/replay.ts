import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { KindredEvent } from "../../lib/schemas/event.js";
import type { Item } from "../../lib/schemas/item.js";
import { encodeEnvelope } from "../../lib/stream/event-record.js";
import { applyEventBatch } from "../../lib/usecases/apply-event-batch.js";
import { consumerDeps } from "../support/consumer-harness.js";
import type { Interaction } from "./interaction-log.js";

export interface ReplayOptions {
  /** Records per consumer invocation (the event source mapping's batch size; the CDK default is 500). */
  batchSize: number;
  /** Item categories (MovieLens genres), written to the catalog before the replay. */
  categories?: ReadonlyMap<string, readonly string[]>;
  /**
   * When each item entered the catalog (epoch ms): its first interaction anywhere in the log, so items
   * first seen near the end of the replay are the new arrivals that exploration serves.
   */
  createdAt?: ReadonlyMap<string, number>;
  onProgress?: (done: number, total: number) => void;
}

/** What the consumer reported over the whole replay. */
export interface ReplaySummary {
  /** The consumer's clock after the last batch: the last training event's time (epoch ms). */
  clock: number;
  applied: number;
  skipped: number;
  quarantined: number;
  /** Aggregate row increments the consumer could not write (its stated bound on error). */
  aggregateUpdatesDropped: number;
}

/**
 * Writes the catalog, then applies the training interactions in time order through the real stream
 * consumer (`applyEventBatch`: profiles, related pools, neighbour rows, trending), one shard, batch after
 * batch, with the consumer's clock at each batch's last event time. The consumer writes each batch's
 * aggregate increments before it returns, so every list read afterwards sees all of them.
 */
export async function replayThroughConsumer(
  db: DynamoDBDocumentClient,
  tableName: string,
  training: readonly Interaction[],
  catalog: readonly string[],
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const items: Item[] = catalog.map((itemId) => {
    const createdAt = options.createdAt?.get(itemId);
    return {
      itemId,
      categories: [...(options.categories?.get(itemId) ?? [])],
      available: true,
      ...(createdAt === undefined ? {} : { createdAt: new Date(createdAt).toISOString() }),
    };
  });
  let clock = training[0]?.at ?? 0;
  const deps = { ...consumerDeps(db, tableName), now: () => clock };
  await deps.catalog.upsertItems(items);
  const summary = { applied: 0, skipped: 0, quarantined: 0, aggregateUpdatesDropped: 0 };
  for (let start = 0; start < training.length; start += options.batchSize) {
    const batch = training.slice(start, start + options.batchSize);
    clock = batch.at(-1)?.at ?? clock;
    const records = batch.map((interaction, i) => ({
      shardId: "shardId-000000000000",
      sequenceNumber: String(start + i + 1).padStart(21, "0"),
      data: encodeEnvelope({ receivedAt: interaction.at, event: toEvent(interaction, start + i) }),
    }));
    const outcome = await applyEventBatch(records, deps);
    if (outcome.retryFrom !== undefined) {
      const why = outcome.failures.map((f) => `${f.stage}: ${f.errorName} ×${f.count}`).join(", ");
      throw new Error(`the consumer could not apply a replay batch (${why})`);
    }
    summary.applied += outcome.applied;
    summary.skipped += outcome.skipped;
    summary.quarantined += outcome.quarantined;
    summary.aggregateUpdatesDropped += outcome.aggregateUpdatesDropped;
    options.onProgress?.(Math.min(start + options.batchSize, training.length), training.length);
  }
  return { clock, ...summary };
}

function toEvent(i: Interaction, index: number): KindredEvent {
  return {
    eventId: `eval-${index}`,
    type: i.type,
    customerId: i.customerId,
    itemId: i.itemId,
    timestamp: new Date(i.at).toISOString(),
    channel: "other",
  };
}
