import type { TrainingIndex } from "../training-index.js";
import type { Baseline } from "./baseline.js";

/** Most popular: every customer gets the items with the most training interactions (repeats counted). */
export class MostPopular implements Baseline {
  readonly name = "most popular";
  readonly parameters = {};

  constructor(private readonly index: TrainingIndex) {}

  scores(): Float64Array {
    return this.index.counts;
  }
}
