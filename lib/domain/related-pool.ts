import type { EventType } from "../schemas/event.js";
import { EVENT_TYPE_BEHAVIOUR } from "../schemas/event-types.js";
import { type Affinity, addSignalInPlace, addVectorInPlace, affinityAt, emptyAffinity } from "./affinity.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, type Neighbourhood, type Relation } from "./co-occurrence.js";
import { dict } from "./dict.js";
import type { RelatedPool } from "./profile-state.js";

/** One neighbour of an item the customer interacted with, and how strongly it goes with that item. */
export interface RelatedSignal {
  itemId: string;
  relation: Relation["name"];
  /** Share of the item's occurrences that came with this neighbour, 0–1. */
  share: number;
}

/**
 * The pool's shape, and why it decays by steps rather than time: `RelatedPool` in profile-state.ts. The pool's
 * vector carries the half-life it was built with (`halfLife`, in steps), as interests do: a release that
 * changes `halfLifeSteps` rebases each pool when it is next folded, instead of rescaling it silently.
 */
export const RELATED_POOL_LIMITS = { maxFeatures: 120, minMagnitude: 0.01, halfLifeSteps: 4 } as const;

const POOL_SETTINGS = {
  halfLifeMs: RELATED_POOL_LIMITS.halfLifeSteps,
  maxFeatures: RELATED_POOL_LIMITS.maxFeatures,
  minMagnitude: RELATED_POOL_LIMITS.minMagnitude,
};

/** How many of an item's strongest neighbours each interaction brings in. */
export const NEIGHBOURS_PER_INTERACTION = 20;

export const emptyRelatedPool = (): RelatedPool => ({ vector: emptyAffinity(), steps: 0 });

/**
 * One item interaction of weight `weight`: a step of the pool's clock, and the neighbours of
 * `sourceItemId` added (none for a negative weight, such as a dismissal). Mutates `pool`.
 */
export function addRelatedInPlace(
  pool: RelatedPool,
  sourceItemId: string,
  signals: readonly RelatedSignal[],
  weight: number,
): void {
  pool.steps += 1;
  if (weight <= 0) return;
  for (const signal of signals) {
    if (signal.itemId === sourceItemId || signal.share <= 0) continue;
    addSignalInPlace(pool.vector, [signal.itemId], weight * signal.share, pool.steps, POOL_SETTINGS);
  }
  roundInPlace(pool);
}

/** Four significant digits: the pool only orders candidates, and every digit is stored in every profile write. */
function roundInPlace(pool: RelatedPool): void {
  const { weights } = pool.vector;
  for (const id in weights) weights[id] = Number((weights[id] ?? 0).toPrecision(4));
}

/** The pool as of the customer's latest interaction, strongest first. */
export function relatedNow(pool: RelatedPool): { itemId: string; weight: number }[] {
  return affinityAt(pool.vector, pool.steps, RELATED_POOL_LIMITS.halfLifeSteps).flatMap(
    ({ feature, weight }) => (weight > 0 ? [{ itemId: feature, weight }] : []),
  );
}

/** The strongest neighbours of an item, each with the share of the item's occurrences it came with. */
function strongestNeighbours(hood: Neighbourhood | undefined, relation: Relation): RelatedSignal[] {
  if (!hood || hood.occurrences <= 0) return [];
  return Object.entries(hood.neighbours)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, NEIGHBOURS_PER_INTERACTION)
    .map(([itemId, count]) => ({
      itemId,
      relation: relation.name,
      share: Math.min(1, count / hood.occurrences),
    }));
}

/**
 * What one interaction brings into the pool: the item's also-viewed neighbours, and for a purchase its
 * bought-together neighbours too (last, so that is the reason shown for an item that is both).
 */
export function interactionSignals(
  type: EventType,
  coViewed: Neighbourhood | undefined,
  coBought: Neighbourhood | undefined,
): RelatedSignal[] {
  const viewed = strongestNeighbours(coViewed, ALSO_VIEWED);
  return EVENT_TYPE_BEHAVIOUR[type].bought
    ? [...viewed, ...strongestNeighbours(coBought, BOUGHT_TOGETHER)]
    : viewed;
}

/**
 * Adds another customer's pool (a merge), as if their interactions came just before this customer's
 * latest one: both are expressed against this pool's clock. Mutates `into`.
 */
export function mergeRelatedInPlace(into: RelatedPool, other: RelatedPool): void {
  const shift = into.steps - other.steps;
  const aligned = { ...other.vector, epoch: other.vector.epoch + shift, latest: other.vector.latest + shift };
  addVectorInPlace(into.vector, aligned, RELATED_POOL_LIMITS.halfLifeSteps, RELATED_POOL_LIMITS.maxFeatures);
  roundInPlace(into);
}

/**
 * A pool as stored by earlier versions: one that kept a reason per item (`via`, dropped), or one decayed by
 * time without its own clock (no `steps`: its items keep their order and relative weights, on a clock that
 * starts now).
 */
export function relatedPoolFromStored(stored: {
  vector: Affinity;
  steps?: unknown;
  via?: unknown;
}): RelatedPool {
  if (typeof stored.steps === "number") return { vector: stored.vector, steps: stored.steps };
  const strongest = Math.max(0, ...Object.values(stored.vector.weights));
  const weights = dict<number>();
  for (const [id, w] of Object.entries(stored.vector.weights)) if (strongest > 0) weights[id] = w / strongest;
  return { vector: { epoch: 0, latest: 0, weights }, steps: 0 };
}
