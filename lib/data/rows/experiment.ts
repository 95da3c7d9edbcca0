import type { Experiment } from "../../schemas/experiment.js";
import { completeStrategy } from "../../schemas/strategy.js";
import { listingKey } from "./listing-key.js";
import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

/** Variants as stored by any version: strategy knobs added since take their defaults. */
export const storedVariants = (variants: Experiment["variants"] | undefined): Experiment["variants"] =>
  (variants ?? []).map((v) => ({ ...v, strategy: completeStrategy(v.strategy) }));

const pattern = { pk: "EXPERIMENT#", sk: "DEFINITION" } as const satisfies KeyPattern;

/** An experiment's definition, as JSON text in `definition`; listed in the listing index. */
export const experimentRow = {
  name: "experiment definition",
  pattern,
  listedAs: "experiments",
  key: (experimentId: string): TableKey => ({ pk: `${pattern.pk}${experimentId}`, sk: pattern.sk }),
  recognises: recogniser(pattern),
  /** The experiment's id, from a key this kind recognises. */
  idOf: (key: TableKey): string => key.pk.slice(pattern.pk.length),
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
