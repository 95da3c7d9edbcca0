import type { Experiment, Placement } from "../../schemas/experiment.js";
import { storedVariants } from "./experiment.js";
import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

/** What a list needs to know of the experiment on its placement. */
export interface RunningExperiment {
  experimentId: string;
  variants: Experiment["variants"];
}

const pattern = { pk: "PLACEMENT#", sk: "RUNNING" } as const satisfies KeyPattern;

/**
 * The experiment running on a placement, if any (`experimentId`, `variants`): read with a list's first
 * round trip.
 */
export const placementExperimentRow = {
  name: "placement experiment",
  pattern,
  key: (placement: Placement): TableKey => ({ pk: `${pattern.pk}${placement}`, sk: pattern.sk }),
  recognises: recogniser(pattern),
  toItem: (placement: Placement, running: RunningExperiment): RowItem => ({
    ...placementExperimentRow.key(placement),
    ...running,
  }),
  fromItem: (item: StoredItem): RunningExperiment => ({
    experimentId: String(item.experimentId),
    variants: storedVariants(item.variants as Experiment["variants"]),
  }),
};
