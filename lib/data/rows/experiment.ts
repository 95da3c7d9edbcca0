import type { Experiment } from "../../schemas/experiment.js";
import { completeStrategy } from "../../schemas/strategy.js";
import { listingKey } from "./listing-key.js";
import { idKeyed, type RowItem, type StoredItem } from "./row-kind.js";

/** Variants as stored by any version: strategy knobs added since take their defaults. */
export const storedVariants = (variants: Experiment["variants"] | undefined): Experiment["variants"] =>
  (variants ?? []).map((v) => ({ ...v, strategy: completeStrategy(v.strategy) }));

/** An experiment's definition, as JSON text in `definition`; listed in the listing index. */
export const experimentRow = {
  ...idKeyed("experiment definition", { pk: "EXPERIMENT#", sk: "DEFINITION" }),
  listedAs: "experiments",
  toItem: (experiment: Experiment): RowItem => ({
    ...experimentRow.key(experiment.experimentId),
    ...listingKey("experiments", experiment.experimentId),
    definition: JSON.stringify(experiment),
  }),
  /** A definition as stored by any version (see storedVariants). */
  fromItem: (item: StoredItem): Experiment => {
    const definition = JSON.parse(String(item.definition)) as Experiment;
    return { ...definition, variants: storedVariants(definition.variants) };
  },
} as const;
