import { randomUUID } from "node:crypto";
import type { ExperimentStore, RunningExperiment } from "../data/experiment-store.js";
import { assignVariant, type Tag, taggedRecommendationId } from "../domain/experiment.js";
import type { Strategy } from "../schemas/strategy.js";

/** How one request is served: the strategy it ranks by, and its experiment tag when it is in one. */
export interface Arm {
  strategy: Strategy;
  tag?: Tag;
  recommendationId: string;
}

/**
 * The arm of a request on a placement: without a running experiment (or without anyone to assign), the
 * configured strategy; otherwise the customer's variant — the same one on every request and device.
 */
export function armFor(
  running: RunningExperiment | undefined,
  unitId: string | undefined,
  fallback: Strategy,
): Arm {
  const base = randomUUID();
  if (!running || unitId === undefined) return { strategy: fallback, recommendationId: base };
  const index = assignVariant(
    running.experimentId,
    unitId,
    running.variants.map((v) => v.weight),
  );
  const variant = running.variants[index];
  if (!variant) return { strategy: fallback, recommendationId: base };
  const tag = { experimentId: running.experimentId, variant: variant.name };
  return { strategy: variant.strategy, tag, recommendationId: taggedRecommendationId(base, tag) };
}

/** The impression of a tagged response: one fact, written alongside the request's last read. */
export async function recordImpression(
  experiments: Pick<ExperimentStore, "record">,
  arm: Arm,
): Promise<void> {
  if (!arm.tag) return;
  await experiments.record([{ ...arm.tag, kind: "IMPRESSION", recommendationId: arm.recommendationId }]);
}

/** The response, with `experimentId` and `variant` when the request was in an experiment. */
export const withTag = <R extends { recommendationId: string }>(
  response: R,
  arm: Arm,
): R & { experimentId?: string; variant?: string } =>
  arm.tag ? { ...response, experimentId: arm.tag.experimentId, variant: arm.tag.variant } : response;
