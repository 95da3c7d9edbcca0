import { type TrainingIndex, topScored } from "../training-index.js";

/** An offline baseline: a score for every catalog item (by `TrainingIndex` number) for one customer. */
export interface Baseline {
  /** The name the report prints, e.g. "item-kNN". */
  readonly name: string;
  /** The parameters the report prints with it. */
  readonly parameters: Readonly<Record<string, number | string>>;
  /** One score per catalog item, higher is better; 0 means no evidence. */
  scores(customerId: string): Float64Array;
}

/** A baseline's top `n` from its `scores` for a customer, leaving out their training items as a served list would. */
export function recommend(
  scores: Float64Array,
  index: TrainingIndex,
  customerId: string,
  n: number,
): string[] {
  return topScored(scores, index.itemIds, new Set(index.trainingItems(customerId)), n);
}

/**
 * The candidates ordered by a baseline's `scores` for one customer, best first; equal scores keep the
 * caller's order, as Kindred's rank does where no signal tells candidates apart.
 */
export function rankCandidates(
  scores: Float64Array,
  index: TrainingIndex,
  candidates: readonly string[],
): string[] {
  const score = (id: string) => {
    const i = index.itemIndex.get(id);
    return i === undefined ? 0 : (scores[i] ?? 0);
  };
  return candidates
    .map((id, position) => ({ id, position, s: score(id) }))
    .sort((a, b) => b.s - a.s || a.position - b.position)
    .map((c) => c.id);
}
