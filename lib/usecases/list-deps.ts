import type { RecommendationReads } from "../data/recommendation-reads.js";
import type { Strategy } from "../domain/strategy.js";

/** What every list use case reads with and ranks by. */
export interface ListDeps {
  reads: RecommendationReads;
  /** The configured strategy (experiments may replace it per customer). */
  strategy: Strategy;
  /** Affinity half-life, to decay interests to the time of the request. */
  halfLifeMs: number;
  now: () => number;
}
