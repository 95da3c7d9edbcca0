import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mapWithConcurrency } from "../../lib/concurrency.js";
import { DEFAULT_STRATEGY, type Strategy } from "../../lib/schemas/strategy.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";
import { listDeps } from "../support/consumer-harness.js";
import { startTestStores } from "../support/stores.js";
import { type Baseline, rankCandidates, recommend } from "./baselines/baseline.js";
import { ItemKnn } from "./baselines/item-knn.js";
import { MostPopular } from "./baselines/most-popular.js";
import { SESSION_KNN_DEFAULTS, SessionKnn, type SessionKnnParameters } from "./baselines/session-knn.js";
import type { Interaction } from "./interaction-log.js";
import { leaveLastOut } from "./leave-last-out.js";
import { K, type ListScores, ListTally, popularityPercentiles } from "./metrics.js";
import { sampleRankCandidates } from "./rank-candidates.js";
import { type ReplaySummary, replayThroughConsumer } from "./replay.js";
import * as served from "./served-lists.js";
import { TrainingIndex } from "./training-index.js";

export type Phase = "baselines" | "replay" | "lists";
export type Progress = (phase: Phase, done: number, total: number) => void;

/** Where the replay writes: a fresh, empty Kindred table. */
export interface EvalStore {
  db: DynamoDBDocumentClient;
  tableName: string;
  close(): Promise<void>;
}

export interface EvaluationOptions {
  /** Item categories, when the log comes with them (MovieLens genres). */
  categories?: ReadonlyMap<string, readonly string[]>;
  /** Seeds the rank task's candidate draw. */
  seed?: number;
  /** Records per consumer invocation during the replay. */
  batchSize?: number;
  /** Sampled candidates per customer in the rank task (the held-out item is added to them). */
  rankCandidates?: number;
  sessionKnn?: SessionKnnParameters;
  /** The strategy Kindred's lists are served with (default: the product's default, as deployed). */
  strategy?: Strategy;
  /**
   * More strategies to serve "for you" and rank with after the same replay (rows `… (alt N)`, N from 1):
   * comparing strategies costs one replay, not one each.
   */
  alternatives?: readonly Strategy[];
  /** Kindred list requests in flight at once. */
  concurrency?: number;
  /** The store to replay into (default: in-memory dynalite in this process). */
  openStore?: () => Promise<EvalStore>;
  onProgress?: Progress;
}

export const EVAL_DEFAULTS = { seed: 42, batchSize: 500, rankCandidates: 100, concurrency: 8 };

/** The two tasks: a page of K against the held-out item, or the held-out item among sampled candidates. */
export type Task = "top-k" | "rank";

export interface ListResult {
  /** Stable key for machine readers, e.g. `kindred.for-you`, `baseline.session-knn`. */
  id: string;
  label: string;
  source: "baseline" | "kindred" | "reference";
  task: Task;
  scores: ListScores;
}

export interface EvaluationResult {
  parameters: {
    k: number;
    seed: number;
    batchSize: number;
    rankCandidates: number;
    itemKnn: Readonly<Record<string, number | string>>;
    sessionKnn: Readonly<Record<string, number | string>>;
    strategy: Strategy;
    alternatives: readonly Strategy[];
  };
  split: {
    interactions: number;
    customers: number;
    /** Customers with a held-out interaction (at least two interactions). */
    heldOut: number;
    trainingEvents: number;
    catalogSize: number;
    /** Share of held-out items the customer had already interacted with in training (0–1). */
    heldOutSeenInTraining: number;
  };
  replay: ReplaySummary;
  lists: ListResult[];
  /** Wall-clock seconds per phase: the only part that differs between runs on the same input and seed. */
  seconds: { baselines: number; replay: number; lists: number };
}

async function inProcessStore(): Promise<EvalStore> {
  const t = await startTestStores();
  return { db: t.db, tableName: t.config.tableName, close: () => t.stores.close() };
}

/**
 * Leave-last-out evaluation, in one run on one split: offline baselines (most popular, item-kNN,
 * session-kNN) fitted on the training part, and Kindred's lists as served after replaying the training part
 * through the real stream consumer. Top-K task: each customer's held-out item against a page of K (for
 * you; also viewed of the last training item, anonymous and for the customer; trending; the baselines'
 * top K without the customer's training items). Rank task: the held-out item among sampled candidates,
 * ordered by Kindred's rank use case and by each baseline. Lists are asked as of the end of the replay.
 */
export async function evaluate(
  interactions: readonly Interaction[],
  options: EvaluationOptions = {},
): Promise<EvaluationResult> {
  const seed = options.seed ?? EVAL_DEFAULTS.seed;
  const batchSize = options.batchSize ?? EVAL_DEFAULTS.batchSize;
  const sampleSize = options.rankCandidates ?? EVAL_DEFAULTS.rankCandidates;
  const strategy = options.strategy ?? DEFAULT_STRATEGY;
  const alternatives = options.alternatives ?? [];
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  const lap = (since: number) => Math.round((performance.now() - since) / 100) / 10;
  const split = leaveLastOut(interactions);
  const index = new TrainingIndex(split.training, split.catalog);
  const percentiles = popularityPercentiles(index.countsById(), split.catalog);
  const cases = [...split.heldOut].map(([customerId, target], position) => ({
    customerId,
    target: target.itemId,
    seen: new Set((split.histories.get(customerId) ?? []).map((i) => i.itemId)),
    lastItem: split.histories.get(customerId)?.at(-1)?.itemId,
    position,
  }));
  const candidatesOf = new Map(
    cases.map((c) => [
      c.customerId,
      sampleRankCandidates(split.catalog, c.seen, c.target, sampleSize, seed, c.position),
    ]),
  );

  // Baselines, offline on the training part.
  const sessionKnn = new SessionKnn(index, split.histories, options.sessionKnn ?? SESSION_KNN_DEFAULTS);
  const itemKnn = new ItemKnn(index);
  const baselines: [string, Baseline][] = [
    ["most-popular", new MostPopular(index)],
    ["item-knn", itemKnn],
    ["session-knn", sessionKnn],
  ];
  const rows: Omit<ListResult, "scores">[] = [
    ...baselines.map(
      ([key, b]) => ({ id: `baseline.${key}`, label: b.name, source: "baseline", task: "top-k" }) as const,
    ),
    { id: "kindred.for-you", label: "for you", source: "kindred", task: "top-k" },
    { id: "kindred.also-viewed", label: "also viewed (last item)", source: "kindred", task: "top-k" },
    {
      id: "kindred.also-viewed-for-customer",
      label: "also viewed (last item, with customerId)",
      source: "kindred",
      task: "top-k",
    },
    { id: "kindred.trending", label: "trending (everywhere)", source: "kindred", task: "top-k" },
    { id: "rank.caller-order", label: "caller's order (random)", source: "reference", task: "rank" },
    ...baselines.map(
      ([key, b]) =>
        ({ id: `rank.baseline.${key}`, label: b.name, source: "baseline", task: "rank" }) as const,
    ),
    { id: "rank.kindred.rank", label: "rank", source: "kindred", task: "rank" },
    ...alternatives.flatMap((_, i) => [
      {
        id: `kindred.for-you.alt-${i + 1}`,
        label: `for you (alt ${i + 1})`,
        source: "kindred",
        task: "top-k",
      } as const,
      {
        id: `rank.kindred.rank.alt-${i + 1}`,
        label: `rank (alt ${i + 1})`,
        source: "kindred",
        task: "rank",
      } as const,
    ]),
  ];
  const tallies = new Map(rows.map((r) => [r.id, new ListTally(percentiles)]));
  const add = (id: string, list: readonly string[], c: { target: string; seen: ReadonlySet<string> }) =>
    tallies.get(id)?.add(list, c.target, c.seen);

  cases.forEach((c, done) => {
    const candidates = candidatesOf.get(c.customerId) ?? [];
    for (const [key, baseline] of baselines) {
      const scores = baseline.scores(c.customerId);
      add(`baseline.${key}`, recommend(scores, index, c.customerId, K), c);
      add(`rank.baseline.${key}`, rankCandidates(scores, index, candidates), c);
    }
    add("rank.caller-order", candidates, c);
    progress("baselines", done + 1, cases.length);
  });

  const baselineSeconds = lap(started);

  // Kindred, as served after replaying the training part through the real consumer.
  const replayStarted = performance.now();
  const store = await (options.openStore ?? inProcessStore)();
  try {
    const replay = await replayThroughConsumer(store.db, store.tableName, split.training, split.catalog, {
      batchSize,
      ...(options.categories ? { categories: options.categories } : {}),
      createdAt: firstSeen(interactions),
      onProgress: (done, total) => progress("replay", done, total),
    });
    const replaySeconds = lap(replayStarted);
    const listsStarted = performance.now();
    // Served by a process that starts here, as a new Lambda container would: it reads the catalog
    // projection with its first list, and nothing else is cached that could change a list.
    const lists: ListDeps = {
      ...listDeps(store.db, store.tableName),
      strategy,
      now: () => replay.clock + 1000,
    };
    const trending = await served.trendingEverywhere(lists);
    let done = 0;
    // Lists are gathered first and tallied in case order, so concurrency cannot change any number.
    const answers = await mapWithConcurrency(
      cases,
      options.concurrency ?? EVAL_DEFAULTS.concurrency,
      async (c) => {
        const [forYou, alsoViewed, alsoViewedForCustomer, ranked] = await Promise.all([
          served.forYou(lists, c.customerId),
          c.lastItem ? served.alsoViewed(lists, c.lastItem) : Promise.resolve([]),
          c.lastItem ? served.alsoViewed(lists, c.lastItem, c.customerId) : Promise.resolve([]),
          served.rank(lists, c.customerId, candidatesOf.get(c.customerId) ?? []),
        ]);
        const alternative = [];
        for (const alt of alternatives) {
          const served2 = { ...lists, strategy: alt };
          alternative.push(
            await Promise.all([
              served.forYou(served2, c.customerId),
              served.rank(served2, c.customerId, candidatesOf.get(c.customerId) ?? []),
            ]),
          );
        }
        progress("lists", ++done, cases.length);
        return { forYou, alsoViewed, alsoViewedForCustomer, ranked, alternative };
      },
    );
    cases.forEach((c, i) => {
      const a = answers[i];
      if (!a) return;
      add("kindred.for-you", a.forYou, c);
      add("kindred.also-viewed", a.alsoViewed, c);
      add("kindred.also-viewed-for-customer", a.alsoViewedForCustomer, c);
      add("kindred.trending", trending, c);
      add("rank.kindred.rank", a.ranked, c);
      a.alternative.forEach(([forYou, ranked], n) => {
        add(`kindred.for-you.alt-${n + 1}`, forYou, c);
        add(`rank.kindred.rank.alt-${n + 1}`, ranked, c);
      });
    });

    const customers = new Set(interactions.map((i) => i.customerId)).size;
    return {
      parameters: {
        k: K,
        seed,
        batchSize,
        rankCandidates: sampleSize,
        itemKnn: itemKnn.parameters,
        sessionKnn: sessionKnn.parameters,
        strategy,
        alternatives,
      },
      split: {
        interactions: interactions.length,
        customers,
        heldOut: cases.length,
        trainingEvents: split.training.length,
        catalogSize: split.catalog.length,
        heldOutSeenInTraining: cases.filter((c) => c.seen.has(c.target)).length / Math.max(1, cases.length),
      },
      replay,
      seconds: { baselines: baselineSeconds, replay: replaySeconds, lists: lap(listsStarted) },
      lists: rows.map((r) => ({
        ...r,
        scores: (tallies.get(r.id) as ListTally).scores(split.catalog.length),
      })),
    };
  } finally {
    await store.close();
  }
}

/** Each item's first interaction in the whole log (epoch ms): when it entered the catalog, for the replay. */
function firstSeen(interactions: readonly Interaction[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const { itemId, at } of interactions) first.set(itemId, Math.min(at, first.get(itemId) ?? at));
  return first;
}
