import type { EventType } from "../schemas/event.js";
import { type Affinity, addSignalInPlace, affinityAt, emptyAffinity } from "./affinity.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, type Neighbourhood, type Relation } from "./co-occurrence.js";
import { type Dict, dict } from "./dict.js";

/** One neighbour of an item the customer interacted with, and how strongly it goes with that item. */
export interface RelatedSignal {
  itemId: string;
  relation: Relation["name"];
  /** Share of the item's occurrences that came with this neighbour, 0–1. */
  share: number;
}

/**
 * Items that go with what the customer interacted with: the neighbours of each item they viewed, clicked,
 * carted or bought, weighted by the interaction and decayed like affinity. Kept in the profile, so "for
 * you" reads its candidates with the profile instead of one neighbour row per recent item.
 */
export interface RelatedPool {
  vector: Affinity;
  /** For each kept item, the interaction that most recently brought it in: the reason shown. */
  via: Dict<{ type: Relation["name"]; itemId: string }>;
}

export const RELATED_POOL_LIMITS = { maxFeatures: 40, minMagnitude: 0.01 } as const;

/** How many of an item's strongest neighbours each interaction brings in. */
export const NEIGHBOURS_PER_INTERACTION = 10;

export const emptyRelatedPool = (): RelatedPool => ({ vector: emptyAffinity(), via: dict() });

/** Adds the neighbours of `sourceItemId` for an interaction of weight `weight` at `at`. Mutates `pool`. */
export function addRelatedInPlace(
  pool: RelatedPool,
  sourceItemId: string,
  signals: readonly RelatedSignal[],
  weight: number,
  at: number,
  halfLifeMs: number,
): void {
  if (weight <= 0) return;
  const settings = { halfLifeMs, ...RELATED_POOL_LIMITS };
  for (const signal of signals) {
    if (signal.itemId === sourceItemId || signal.share <= 0) continue;
    addSignalInPlace(pool.vector, [signal.itemId], weight * signal.share, at, settings);
    if (signal.itemId in pool.vector.weights) {
      pool.via[signal.itemId] = { type: signal.relation, itemId: sourceItemId };
    }
  }
  for (const id in pool.via) if (!(id in pool.vector.weights)) delete pool.via[id];
}

/** The pool at `now`, strongest first. */
export function relatedAt(pool: RelatedPool, now: number, halfLifeMs: number) {
  return affinityAt(pool.vector, now, halfLifeMs).flatMap(({ feature, weight }) => {
    const via = pool.via[feature];
    return via && weight > 0 ? [{ itemId: feature, weight, via }] : [];
  });
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
  return type === "purchase" ? [...viewed, ...strongestNeighbours(coBought, BOUGHT_TOGETHER)] : viewed;
}
