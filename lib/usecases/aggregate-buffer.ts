import { mergeRows } from "../data/merge-rows.js";
import type { NeighbourStore } from "../data/neighbour-store.js";
import type { TrendStore } from "../data/trend-store.js";
import { CoOccurrenceTally, RELATIONS, type Relation } from "../domain/co-occurrence.js";
import { dict } from "../domain/dict.js";
import { mergeTrendRow, type TrendRow, TrendTally } from "../domain/trending.js";
import { updateNeighbours } from "./update-neighbours.js";

/** Which aggregates a batch keeps. */
export interface AggregateOptions {
  /** Co-occurrence relations to maintain (default: all). */
  relations?: readonly Relation[];
  /** Whether to maintain trending counters (default: yes). */
  trending?: boolean;
}

/**
 * Aggregate increments (co-occurrence pairs, trending signals) of one batch, written once at its end:
 * every touched row is read once and written once per batch, so a popular item costs one write per batch,
 * not one per event. Nothing waits for a later batch or invocation — in Lambda no code runs between
 * invocations — so every accepted interaction reaches the aggregates with the batch that applied it.
 *
 * Counts never double: only events applied to a profile for the first time are tallied. They err low
 * only when a row's write keeps failing through every retry (counted as dropped and alarmed).
 */
export class AggregateBuffer {
  private readonly relations: readonly Relation[];
  private readonly trending: boolean;
  private tallies: CoOccurrenceTally[];
  private trends = new TrendTally();

  constructor(options: AggregateOptions = {}) {
    this.relations = options.relations ?? RELATIONS;
    this.trending = options.trending ?? true;
    this.tallies = this.relations.map((r) => new CoOccurrenceTally(r));
  }

  /** The tallies to add a batch's increments to (`trends` absent when trending is off). */
  collect(): { coOccurrences: readonly CoOccurrenceTally[]; trends?: TrendTally } {
    return { coOccurrences: this.tallies, ...(this.trending ? { trends: this.trends } : {}) };
  }

  /** Writes everything held and starts afresh; returns how many rows could not be written. */
  async flush(stores: { neighbours: NeighbourStore; trends: TrendStore }): Promise<number> {
    const pending = this.tallies;
    const trends = this.trends;
    this.tallies = this.relations.map((r) => new CoOccurrenceTally(r));
    this.trends = new TrendTally();
    const dropped = await Promise.all([
      ...pending.map((tally) => updateNeighbours(tally, stores.neighbours)),
      mergeRows<TrendRow>(
        trends.touchedScopes(),
        {
          load: (ids) => stores.trends.loadTrendRows(ids),
          save: (row, v) => stores.trends.saveTrendRow(row, v),
        },
        (scope) => ({ scope, epoch: 0, latest: 0, items: dict() }),
        (row) => mergeTrendRow(row, trends.signals.get(row.scope) ?? new Map()),
      ),
    ]);
    return dropped.reduce((a, b) => a + b, 0);
  }
}
