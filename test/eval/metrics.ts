/** Cut-off of every list metric: the first K items of a list are what a page shows. */
export const K = 10;

/** 0-based position of `target` among the first `k` items of `list`, or -1. */
export function positionWithin(list: readonly string[], target: string, k = K): number {
  const at = list.indexOf(target);
  return at >= 0 && at < k ? at : -1;
}

/** HR@k: 1 when the one held-out item is among the first k, else 0. */
export const hitAt = (list: readonly string[], target: string, k = K): number =>
  positionWithin(list, target, k) >= 0 ? 1 : 0;

/**
 * NDCG@k with one relevant item (Järvelin & Kekäläinen 2002): DCG = 1/log2(position + 2) for a 0-based
 * position within the first k, and the ideal DCG is 1 (the item first), so NDCG = DCG; 0 when missed.
 */
export function ndcgAt(list: readonly string[], target: string, k = K): number {
  const at = positionWithin(list, target, k);
  return at >= 0 ? 1 / Math.log2(at + 2) : 0;
}

/** Reciprocal rank cut at k (MRR@k when averaged): 1/(position + 1) within the first k, else 0. */
export function reciprocalRankAt(list: readonly string[], target: string, k = K): number {
  const at = positionWithin(list, target, k);
  return at >= 0 ? 1 / (at + 1) : 0;
}

/**
 * Each item's popularity percentile (0–100) by its count of training interactions, as a percentile rank:
 * 100 · (items with a lower count + ½ · items with the same count, itself included) / catalog size. Items
 * with no training interaction count 0. So the most popular of 100 distinct counts is at 99.5, the least
 * at 0.5, and a catalog where every count is equal sits at 50.
 */
export function popularityPercentiles(
  counts: ReadonlyMap<string, number>,
  catalog: readonly string[],
): Map<string, number> {
  const sorted = catalog.map((id) => counts.get(id) ?? 0).sort((a, b) => a - b);
  const firstAt = new Map<number, number>();
  const lastAt = new Map<number, number>();
  sorted.forEach((c, i) => {
    if (!firstAt.has(c)) firstAt.set(c, i);
    lastAt.set(c, i);
  });
  const n = Math.max(1, catalog.length);
  const out = new Map<string, number>();
  for (const id of catalog) {
    const c = counts.get(id) ?? 0;
    const below = firstAt.get(c) ?? 0;
    const equal = (lastAt.get(c) ?? 0) - below + 1;
    out.set(id, (100 * (below + equal / 2)) / n);
  }
  return out;
}

/** What one list scored over every held-out case it was asked for. */
export interface ListScores {
  /** Held-out cases the list was asked for. */
  cases: number;
  /** Mean HR@K over cases, 0–1. */
  hr: number;
  /** Half-width of HR@K's 95% confidence interval, 1.96 · √(hr · (1 − hr) / cases) (normal approximation). */
  hrMargin: number;
  /** Mean NDCG@K, 0–1. */
  ndcg: number;
  /** MRR over the top K (a miss counts 0), 0–1. */
  mrr: number;
  /** Distinct items shown in any top K ÷ items in the log, 0–1. */
  coverage: number;
  /** Mean popularity percentile (0–100) of every item shown in a top K, each showing counted. */
  popularity: number;
  /** Mean number of items in a list's top K (a list may be shorter than K). */
  length: number;
  /** Share of shown items (each showing counted) that the customer had already interacted with in training, 0–1. */
  alreadySeen: number;
}

/** Sums a list's metrics case by case; `scores` averages them. */
export class ListTally {
  private cases = 0;
  private hits = 0;
  private gain = 0;
  private reciprocal = 0;
  private shownSlots = 0;
  private percentileSum = 0;
  private seenSlots = 0;
  private readonly shown = new Set<string>();

  constructor(private readonly percentiles: ReadonlyMap<string, number>) {}

  /**
   * Adds one case: the list as shown (only its first K count), the held-out item, and the items the customer
   * interacted with in training.
   */
  add(list: readonly string[], target: string, seen: ReadonlySet<string> = new Set()): void {
    const top = list.slice(0, K);
    this.cases++;
    this.hits += hitAt(top, target);
    this.gain += ndcgAt(top, target);
    this.reciprocal += reciprocalRankAt(top, target);
    for (const id of top) {
      this.shown.add(id);
      this.shownSlots++;
      this.percentileSum += this.percentiles.get(id) ?? 0;
      if (seen.has(id)) this.seenSlots++;
    }
  }

  scores(catalogSize: number): ListScores {
    const n = Math.max(1, this.cases);
    return {
      cases: this.cases,
      hr: this.hits / n,
      hrMargin: 1.96 * Math.sqrt(((this.hits / n) * (1 - this.hits / n)) / n),
      ndcg: this.gain / n,
      mrr: this.reciprocal / n,
      coverage: this.shown.size / Math.max(1, catalogSize),
      popularity: this.shownSlots === 0 ? 0 : this.percentileSum / this.shownSlots,
      length: this.shownSlots / n,
      alreadySeen: this.shownSlots === 0 ? 0 : this.seenSlots / this.shownSlots,
    };
  }
}
