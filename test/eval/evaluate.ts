import type { Principal } from "../../lib/auth/principal.js";
import { mapWithConcurrency } from "../../lib/concurrency.js";
import { DynamoCatalogStore } from "../../lib/data/catalog-store.js";
import { ALSO_VIEWED } from "../../lib/domain/co-occurrence.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import type { Item } from "../../lib/schemas/item.js";
import { encodeEnvelope } from "../../lib/stream/event-record.js";
import { AggregateBuffer } from "../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../lib/usecases/apply-event-batch.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";
import { recommendForCustomer } from "../../lib/usecases/recommend-for-customer.js";
import { relatedItems } from "../../lib/usecases/related-items.js";
import { consumerDeps, listDeps } from "../support/consumer-harness.js";
import { startTestStores } from "../support/stores.js";
import type { Interaction } from "./interaction-log.js";

export const K = 10;

export interface Scores {
  /** Share of held-out interactions found in the top K. */
  hitRate: number;
  /** Mean of 1/log2(rank + 2) over held-out interactions (0 when missed). */
  ndcg: number;
  /** Share of the catalog that appears in at least one top-K list. */
  coverage: number;
}

export interface EvaluationResult {
  eventsReplayed: number;
  customersEvaluated: number;
  catalogSize: number;
  forYou: Scores;
  alsoViewed: Scores;
  mostPopular: Scores;
}

export type Progress = (phase: "replay" | "evaluate", done: number, total: number) => void;

export interface EvaluationOptions {
  /** Categories of items, when the log comes with them (MovieLens u.item). */
  categories?: ReadonlyMap<string, readonly string[]>;
  onProgress?: Progress;
}

const REPLAY_BATCH = 500;
const admin: Principal = { subject: "eval", scopes: new Set(["admin"]) };

/** Top K of a ranked list, leaving out what the customer already interacted with in training. */
function topK(ranked: readonly string[], seen: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const id of ranked) {
    if (out.length >= K) break;
    if (!seen.has(id)) out.push(id);
  }
  return out;
}

class Tally {
  private hits = 0;
  private gain = 0;
  private cases = 0;
  private readonly shown = new Set<string>();

  add(list: readonly string[], heldOut: string): void {
    this.cases++;
    for (const id of list) this.shown.add(id);
    const rank = list.indexOf(heldOut);
    if (rank >= 0) {
      this.hits++;
      this.gain += 1 / Math.log2(rank + 2);
    }
  }

  scores(catalogSize: number): Scores {
    const n = Math.max(1, this.cases);
    return { hitRate: this.hits / n, ndcg: this.gain / n, coverage: this.shown.size / catalogSize };
  }
}

/**
 * Leave-last-out evaluation through the real code: every customer's last interaction is held out, the rest
 * is replayed in time order through the stream consumer (profiles, neighbours, trending) against embedded
 * stores, then each customer's "for you" list (as of the end of the replay), the "also viewed" list of
 * their last replayed item, and the most-popular baseline (training counts) are asked for K items they have
 * not interacted with yet.
 */
export async function evaluate(
  interactions: readonly Interaction[],
  options: EvaluationOptions = {},
): Promise<EvaluationResult> {
  const byCustomer = new Map<string, Interaction[]>();
  for (const i of [...interactions].sort((a, b) => a.at - b.at)) {
    const list = byCustomer.get(i.customerId) ?? [];
    list.push(i);
    byCustomer.set(i.customerId, list);
  }
  const heldOut = new Map<string, Interaction>();
  for (const [customerId, list] of byCustomer) {
    const last = list.at(-1);
    if (list.length >= 2 && last) heldOut.set(customerId, last);
  }
  const training = interactions.filter((i) => heldOut.get(i.customerId) !== i).sort((a, b) => a.at - b.at);
  const catalogIds = [...new Set(interactions.map((i) => i.itemId))];

  const t = await startTestStores();
  try {
    const items: Item[] = catalogIds.map((itemId) => ({
      itemId,
      categories: [...(options.categories?.get(itemId) ?? [])],
      available: true,
    }));
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(items);

    let clock = training[0]?.at ?? 0;
    const deps = {
      ...consumerDeps(t.db, t.config.tableName),
      aggregates: new AggregateBuffer(),
      now: () => clock,
    };
    for (let start = 0; start < training.length; start += REPLAY_BATCH) {
      const batch = training.slice(start, start + REPLAY_BATCH);
      clock = batch.at(-1)?.at ?? clock;
      const records = batch.map((interaction, i) => ({
        shardId: "shardId-000000000000",
        sequenceNumber: String(start + i + 1).padStart(21, "0"),
        data: encodeEnvelope({ receivedAt: interaction.at, event: toEvent(interaction, start + i) }),
      }));
      // Every batch counts as caught up: aggregates are written before the next batch, as in real time.
      const outcome = await applyEventBatch(records, deps, true);
      if (outcome.retryFrom !== undefined) throw new Error("the consumer could not apply a replay batch");
      options.onProgress?.("replay", Math.min(start + REPLAY_BATCH, training.length), training.length);
    }

    const seen = new Map<string, Set<string>>();
    const counts = new Map<string, number>();
    for (const i of training) {
      const s = seen.get(i.customerId) ?? new Set<string>();
      s.add(i.itemId);
      seen.set(i.customerId, s);
      counts.set(i.itemId, (counts.get(i.itemId) ?? 0) + 1);
    }
    const popular = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([id]) => id);
    const lastTrained = new Map<string, string>();
    for (const i of training) lastTrained.set(i.customerId, i.itemId);

    const lists: ListDeps = { ...listDeps(t.db, t.config.tableName), now: () => clock + 1000 };
    const tallies = { forYou: new Tally(), alsoViewed: new Tally(), mostPopular: new Tally() };
    const customers = [...heldOut];
    let done = 0;
    await mapWithConcurrency(customers, 8, async ([customerId, target]) => {
      const seenHere = seen.get(customerId) ?? new Set<string>();
      const forYou = await recommendForCustomer(admin, { customerId, limit: 100 }, lists);
      tallies.forYou.add(
        topK(
          forYou.items.map((i) => i.itemId),
          seenHere,
        ),
        target.itemId,
      );
      const seed = lastTrained.get(customerId);
      const alsoViewed = seed
        ? (await relatedItems(admin, ALSO_VIEWED, { itemId: seed, limit: 100 }, lists)).items
        : [];
      tallies.alsoViewed.add(
        topK(
          alsoViewed.map((i) => i.itemId),
          seenHere,
        ),
        target.itemId,
      );
      tallies.mostPopular.add(topK(popular, seenHere), target.itemId);
      options.onProgress?.("evaluate", ++done, customers.length);
    });

    const size = Math.max(1, catalogIds.length);
    return {
      eventsReplayed: training.length,
      customersEvaluated: customers.length,
      catalogSize: catalogIds.length,
      forYou: tallies.forYou.scores(size),
      alsoViewed: tallies.alsoViewed.scores(size),
      mostPopular: tallies.mostPopular.scores(size),
    };
  } finally {
    await t.stores.close();
  }
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
