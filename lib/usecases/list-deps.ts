import type { ExperimentStore } from "../data/experiment-store.js";
import type { RecommendationReads } from "../data/recommendation-reads.js";
import type { Strategy } from "../schemas/strategy.js";

/** What every list use case reads with and ranks by. */
export interface ListDeps {
  reads: RecommendationReads;
  /** Where tagged responses record their impressions. */
  experiments: Pick<ExperimentStore, "record">;
  /** The configured strategy; a running experiment replaces it with the customer's variant's. */
  strategy: Strategy;
  /** Affinity half-life, to decay interests to the time of the request. */
  halfLifeMs: number;
  now: () => number;
}
