import type { Experiment, Placement } from "../../schemas/experiment.js";
import { storedVariants } from "./experiment.js";
import { idKeyed, type RowItem, type StoredItem } from "./row-kind.js";

/** What a list needs to know of the experiment on its placement. */
export interface RunningExperiment {
  experimentId: string;
  variants: Experiment["variants"];
}

/**
 * The experiment running on a placement, if any (`experimentId`, `variants`): read with a list's first
 * round trip.
 */
export const placementExperimentRow = {
  ...idKeyed<Placement>("placement experiment", { pk: "PLACEMENT#", sk: "RUNNING" }),
  toItem: (placement: Placement, running: RunningExperiment): RowItem => ({
    ...placementExperimentRow.key(placement),
    ...running,
  }),
  fromItem: (item: StoredItem): RunningExperiment => ({
    experimentId: String(item.experimentId),
    variants: storedVariants(item.variants as Experiment["variants"]),
  }),
};
