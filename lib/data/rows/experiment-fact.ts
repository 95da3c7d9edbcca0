import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

/** Experiment fact rows start with this; list functions may write only such rows (an IAM condition). */
export const EXPERIMENT_FACT_PREFIX = "EXPFACT#";

const pattern = { pk: EXPERIMENT_FACT_PREFIX } as const satisfies KeyPattern;

/** Where one fact sits: its experiment, variant, kind and shard, and the response it is about. */
export interface FactAddress {
  experimentId: string;
  variant: string;
  kind: string;
  shard: number;
  recommendationId: string;
}

/**
 * One fact of an experiment (an impression, a click or a conversion of one tagged response), keyed by the
 * response's id so that recording it again changes nothing, expiring at `expiresAt` (epoch seconds).
 * Spread over shards per variant and kind, so a popular experiment is never one hot key.
 */
export const experimentFactRow = {
  name: "experiment fact",
  pattern,
  key: (fact: FactAddress): TableKey => ({
    pk: experimentFactRow.partition(fact),
    sk: fact.recommendationId,
  }),
  recognises: recogniser(pattern),
  /** The partition holding one shard of a variant's facts of one kind (counted with a Query). */
  partition: (fact: Omit<FactAddress, "recommendationId">): string =>
    `${EXPERIMENT_FACT_PREFIX}${fact.experimentId}#${fact.variant}#${fact.kind}#${fact.shard}`,
  toItem: (fact: FactAddress, expiresAt: number): RowItem => ({ ...experimentFactRow.key(fact), expiresAt }),
  /** The response a stored fact (or its key) is about. */
  recommendationIdOf: (item: StoredItem): string => String(item.sk),
};
