import type { Interaction } from "./interaction-log.js";

/**
 * The training part as integer-indexed sets, which the offline baselines share: items numbered in catalog
 * order, customers in order of first training interaction.
 */
export class TrainingIndex {
  readonly itemIds: readonly string[];
  readonly itemIndex = new Map<string, number>();
  readonly customerIndex = new Map<string, number>();
  /** Per customer: the distinct items of their training interactions. */
  readonly itemsOf: number[][] = [];
  /** Per item: the distinct customers who interacted with it in training. */
  readonly customersOf: number[][];
  /** Per item: training interactions (repeats counted), for most-popular and popularity percentiles. */
  readonly counts: Float64Array;

  constructor(training: readonly Interaction[], catalog: readonly string[]) {
    this.itemIds = catalog;
    catalog.forEach((id, i) => {
      this.itemIndex.set(id, i);
    });
    this.customersOf = catalog.map(() => []);
    this.counts = new Float64Array(catalog.length);
    const seen = new Set<string>();
    for (const { customerId, itemId } of training) {
      const item = this.itemIndex.get(itemId);
      if (item === undefined) throw new Error(`item ${itemId} is not in the catalog`);
      this.counts[item] = (this.counts[item] ?? 0) + 1;
      let customer = this.customerIndex.get(customerId);
      if (customer === undefined) {
        customer = this.itemsOf.length;
        this.customerIndex.set(customerId, customer);
        this.itemsOf.push([]);
      }
      const pair = `${customer} ${item}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      this.itemsOf[customer]?.push(item);
      this.customersOf[item]?.push(customer);
    }
  }

  /** The customer's distinct training items (indexes), empty for a customer without training. */
  trainingItems(customerId: string): readonly number[] {
    const c = this.customerIndex.get(customerId);
    return c === undefined ? [] : (this.itemsOf[c] ?? []);
  }

  /** Item counts by id, for popularity percentiles. */
  countsById(): Map<string, number> {
    return new Map(this.itemIds.map((id, i) => [id, this.counts[i] ?? 0]));
  }
}

/**
 * The `n` best-scoring items as ids, best first, leaving out `exclude` and items scoring ≤ 0 (a baseline
 * with no evidence shows nothing rather than arbitrary items). Ties go to the lower index (catalog order),
 * so lists are deterministic.
 */
export function topScored(
  scores: Float64Array,
  itemIds: readonly string[],
  exclude: ReadonlySet<number>,
  n: number,
): string[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    if (s <= 0 || exclude.has(i)) continue;
    if (best.length === n && s <= (scores[best[n - 1] ?? 0] ?? 0)) continue;
    let at = best.length;
    while (at > 0 && (scores[best[at - 1] ?? 0] ?? 0) < s) at--;
    best.splice(at, 0, i);
    if (best.length > n) best.pop();
  }
  return best.map((i) => itemIds[i] ?? "");
}
