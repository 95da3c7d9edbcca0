import type { NeighbourStore } from "../data/neighbour-store.js";
import { CoOccurrenceTally, type Relation } from "../domain/co-occurrence.js";
import { updateNeighbours } from "./update-neighbours.js";

export interface FlushPolicy {
  /** Flush increments at least this often while the stream is busy. */
  maxDelayMs: number;
  /** Flush once this many item rows are waiting, to bound memory. */
  maxTouchedItems: number;
}

export const DEFAULT_FLUSH_POLICY: FlushPolicy = { maxDelayMs: 5_000, maxTouchedItems: 20_000 };

/**
 * Co-occurrence increments gathered across batches. While the stream is busy (batches arrive full), a
 * container writes each touched item row once per `maxDelayMs` instead of once per batch: at scale the
 * writes are bounded by the catalog, not by the traffic. When a batch arrives that is not full, the shard
 * has caught up and everything is written at once, so quiet streams stay real-time.
 *
 * What is held here is lost if the container dies before flushing: counts err low by at most one buffer.
 * They never double: only events applied to a profile for the first time are tallied.
 */
export class CoOccurrenceBuffer {
  private tallies: CoOccurrenceTally[];
  private since: number | undefined;

  constructor(
    private readonly relations: readonly Relation[],
    private readonly policy: FlushPolicy = DEFAULT_FLUSH_POLICY,
  ) {
    this.tallies = relations.map((r) => new CoOccurrenceTally(r));
  }

  /** The tallies to add a batch's increments to; `now` starts the clock on an empty buffer. */
  collect(now: number): readonly CoOccurrenceTally[] {
    this.since ??= now;
    return this.tallies;
  }

  shouldFlush(now: number, caughtUp: boolean): boolean {
    if (this.since === undefined) return false;
    const touched = this.tallies.reduce((n, t) => n + t.touchedItems().length, 0);
    return caughtUp || now - this.since >= this.policy.maxDelayMs || touched >= this.policy.maxTouchedItems;
  }

  /** Writes everything held and starts afresh; returns how many item rows could not be written. */
  async flush(store: NeighbourStore): Promise<number> {
    const pending = this.tallies;
    this.tallies = this.relations.map((r) => new CoOccurrenceTally(r));
    this.since = undefined;
    const dropped = await Promise.all(pending.map((tally) => updateNeighbours(tally, store)));
    return dropped.reduce((a, b) => a + b, 0);
  }
}
