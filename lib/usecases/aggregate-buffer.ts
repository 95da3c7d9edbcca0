import type { NeighbourStore } from "../data/neighbour-store.js";
import type { TrendStore } from "../data/trend-store.js";
import { CoOccurrenceTally, RELATIONS, type Relation } from "../domain/co-occurrence.js";
import { mergeTrendRow, type TrendRow, TrendTally } from "../domain/trending.js";
import { mergeRows } from "./merge-rows.js";
import { updateNeighbours } from "./update-neighbours.js";

export interface FlushPolicy {
  /** Flush increments at least this often while the stream is busy. */
  maxDelayMs: number;
  /** Flush once this many item rows are waiting, to bound memory. */
  maxTouchedItems: number;
}

export const DEFAULT_FLUSH_POLICY: FlushPolicy = { maxDelayMs: 5_000, maxTouchedItems: 20_000 };

/** Which aggregates a buffer keeps, and when it writes them. */
export interface AggregateOptions {
  /** Co-occurrence relations to maintain (default: all). */
  relations?: readonly Relation[];
  /** Whether to maintain trending counters (default: yes). */
  trending?: boolean;
  policy?: FlushPolicy;
}

/**
 * Aggregate increments (co-occurrence pairs, trending signals) gathered across batches. While the stream
 * is busy (batches arrive full), a container writes each touched row once per `maxDelayMs` instead of
 * once per batch: at scale the writes are bounded by the catalog, not by the traffic. When a batch arrives that is not full, the shard
 * has caught up and everything is written at once, so quiet streams stay real-time.
 *
 * What is held here is lost if the container dies before flushing: counts err low by at most one buffer.
 * They never double: only events applied to a profile for the first time are tallied.
 */
export class AggregateBuffer {
  private readonly relations: readonly Relation[];
  private readonly trending: boolean;
  private readonly policy: FlushPolicy;
  private tallies: CoOccurrenceTally[];
  private trends = new TrendTally();
  private since: number | undefined;

  constructor(options: AggregateOptions = {}) {
    this.relations = options.relations ?? RELATIONS;
    this.trending = options.trending ?? true;
    this.policy = options.policy ?? DEFAULT_FLUSH_POLICY;
    this.tallies = this.relations.map((r) => new CoOccurrenceTally(r));
  }

  /**
   * The tallies to add a batch's increments to (`trends` absent when trending is off); `now` starts the
   * clock on an empty buffer.
   */
  collect(now: number): { coOccurrences: readonly CoOccurrenceTally[]; trends?: TrendTally } {
    this.since ??= now;
    return { coOccurrences: this.tallies, ...(this.trending ? { trends: this.trends } : {}) };
  }

  shouldFlush(now: number, caughtUp: boolean): boolean {
    if (this.since === undefined) return false;
    const touched =
      this.tallies.reduce((n, t) => n + t.touchedItems().length, 0) + this.trends.touchedScopes().length;
    return caughtUp || now - this.since >= this.policy.maxDelayMs || touched >= this.policy.maxTouchedItems;
  }

  /** Writes everything held and starts afresh; returns how many rows could not be written. */
  async flush(stores: { neighbours: NeighbourStore; trends: TrendStore }): Promise<number> {
    const pending = this.tallies;
    const trends = this.trends;
    this.tallies = this.relations.map((r) => new CoOccurrenceTally(r));
    this.trends = new TrendTally();
    this.since = undefined;
    const dropped = await Promise.all([
      ...pending.map((tally) => updateNeighbours(tally, stores.neighbours)),
      mergeRows<TrendRow>(
        trends.touchedScopes(),
        {
          load: (ids) => stores.trends.loadTrendRows(ids),
          save: (row, v) => stores.trends.saveTrendRow(row, v),
        },
        (scope) => ({ scope, epoch: 0, latest: 0, items: {} }),
        (row) => mergeTrendRow(row, trends.signals.get(row.scope) ?? new Map()),
      ),
    ]);
    return dropped.reduce((a, b) => a + b, 0);
  }
}
