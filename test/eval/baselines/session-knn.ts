import type { Interaction } from "../interaction-log.js";
import type { TrainingIndex } from "../training-index.js";
import type { Baseline } from "./baseline.js";

/** Session-kNN's knobs; the report prints them. */
export interface SessionKnnParameters {
  /** Neighbours: how many of the most similar past sessions vote. */
  k: number;
  /** Recent window: the current session is the customer's last `m` training interactions. */
  m: number;
  /**
   * Weight of the window's items by recency: `none` (every item 1: plain SKNN, cosine) or `linear` (the
   * p-th most recent, p = 0…m−1, weighs (m − p)/m, as V-SKNN's linear decay).
   */
  decay: "none" | "linear";
  /** A customer's training interactions split into past sessions at gaps longer than this (ms). */
  sessionGapMs: number;
  /** Consider only this many of the most recent past sessions sharing an item with the window (0: all). */
  sampleSize: number;
}

/**
 * Defaults: the strongest by NDCG@10 on ml-latest-small of a grid over k ∈ {50, 100, 200}, m ∈ {1, 3, 5, 10,
 * 20, 50, all}, decay none/linear and a gap of 30 min, 4 h or none (docs/benchmarks.md); they are also
 * within noise of the best on the planted session log. Tuning on the evaluation split flatters the baseline,
 * which is the side a judge should err on. Jannach & Ludewig use k = 100 and sample the 500–1000 most
 * recent matching sessions for speed; these logs are small enough to consider all.
 */
export const SESSION_KNN_DEFAULTS: SessionKnnParameters = {
  k: 50,
  m: 5,
  decay: "linear",
  sessionGapMs: 30 * 60_000,
  sampleSize: 0,
};

interface PastSession {
  customer: number;
  items: number[];
  /** Epoch ms of its last interaction, for recent-session sampling. */
  end: number;
}

/**
 * Session-kNN (SKNN: Jannach & Ludewig 2017, "When recurrent neural networks meet the neighborhood for
 * session-based recommendation"; V-SKNN's recency weights: Ludewig & Jannach 2018, "Evaluation of
 * session-based recommendation algorithms"). The customer's last m interactions form the current session
 * s with item weights w; a past session n (of any other customer) has similarity
 * sim(s, n) = Σ_{i ∈ s ∩ n} w(i) / √(|s| · |n|) (binary cosine when w ≡ 1); the k most similar vote, and an
 * item scores Σ sim(s, n) over the neighbours n that contain it.
 */
export class SessionKnn implements Baseline {
  readonly name = "session-kNN";
  readonly parameters: Readonly<Record<string, number | string>>;
  private readonly sessions: PastSession[] = [];
  /** Per item: the past sessions that contain it. */
  private readonly sessionsOf: number[][];

  constructor(
    private readonly index: TrainingIndex,
    private readonly histories: ReadonlyMap<string, readonly Interaction[]>,
    private readonly p: SessionKnnParameters = SESSION_KNN_DEFAULTS,
  ) {
    this.parameters = {
      k: p.k,
      m: p.m,
      decay: p.decay,
      sessionGapMinutes: Number.isFinite(p.sessionGapMs) ? p.sessionGapMs / 60_000 : "whole history",
      sampleSize: p.sampleSize,
    };
    this.sessionsOf = index.itemIds.map(() => []);
    for (const [customerId, history] of histories) {
      const customer = index.customerIndex.get(customerId);
      if (customer === undefined) continue;
      let current: Set<number> | undefined;
      let last = Number.NEGATIVE_INFINITY;
      for (const { itemId, at } of history) {
        if (!current || at - last > p.sessionGapMs) {
          if (current) this.close(customer, current, last);
          current = new Set();
        }
        const item = index.itemIndex.get(itemId);
        if (item !== undefined) current.add(item);
        last = at;
      }
      if (current) this.close(customer, current, last);
    }
  }

  private close(customer: number, items: Set<number>, end: number): void {
    const id = this.sessions.length;
    this.sessions.push({ customer, items: [...items], end });
    for (const i of items) this.sessionsOf[i]?.push(id);
  }

  /** The current session: the last m distinct items with their recency weights. */
  window(customerId: string): Map<number, number> {
    const history = this.histories.get(customerId) ?? [];
    const recent = history.slice(-this.p.m);
    const weights = new Map<number, number>();
    recent.forEach(({ itemId }, position) => {
      const item = this.index.itemIndex.get(itemId);
      if (item === undefined) return;
      const fromEnd = recent.length - 1 - position;
      // A repeated item keeps its most recent (largest) weight: later positions overwrite earlier ones.
      weights.set(item, this.p.decay === "linear" ? (this.p.m - fromEnd) / this.p.m : 1);
    });
    return weights;
  }

  scores(customerId: string): Float64Array {
    const scores = new Float64Array(this.index.itemIds.length);
    const self = this.index.customerIndex.get(customerId);
    const window = this.window(customerId);
    const overlap = new Map<number, number>();
    for (const [item, w] of window) {
      for (const n of this.sessionsOf[item] ?? []) {
        // Other customers only: the customer's own sessions hold nothing a served list may show.
        if (this.sessions[n]?.customer === self) continue;
        overlap.set(n, (overlap.get(n) ?? 0) + w);
      }
    }
    let pool = [...overlap.keys()];
    if (this.p.sampleSize > 0 && pool.length > this.p.sampleSize) {
      const end = (n: number) => this.sessions[n]?.end ?? 0;
      pool = pool.sort((a, b) => end(b) - end(a) || a - b).slice(0, this.p.sampleSize);
    }
    const size = window.size;
    const neighbours = pool
      .map((n) => ({
        n,
        sim: (overlap.get(n) ?? 0) / Math.sqrt(size * (this.sessions[n]?.items.length ?? 1)),
      }))
      .sort((a, b) => b.sim - a.sim || a.n - b.n)
      .slice(0, this.p.k);
    for (const { n, sim } of neighbours) {
      for (const j of this.sessions[n]?.items ?? []) scores[j] = (scores[j] ?? 0) + sim;
    }
    return scores;
  }
}
