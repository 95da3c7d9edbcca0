import { type Principal, requireAdmin } from "../auth/principal.js";
import type { ExperimentStore } from "../data/experiment-store.js";
import { compareProportions } from "../domain/experiment.js";
import { Conflict, NotFound } from "../errors.js";
import type { Experiment, ExperimentRequest, ExperimentResults } from "../schemas/experiment.js";
import { type PageQuery, pageResponse } from "../schemas/paging.js";

export interface ExperimentDeps {
  experiments: ExperimentStore;
  now: () => number;
}

/**
 * Creates, changes, starts or stops an experiment. At most one experiment runs on a placement at a time
 * (otherwise which one a customer sees would be arbitrary): starting a second is a conflict. Starting and
 * stopping take effect within a second in every serving process (lib/data/settings-rows.ts), at once in this one.
 */
export async function putExperiment(
  principal: Principal,
  experimentId: string,
  request: ExperimentRequest,
  deps: ExperimentDeps,
): Promise<Experiment> {
  requireAdmin(principal);
  const { experiments } = deps;
  const [previous, current] = await Promise.all([
    experiments.load(experimentId),
    experiments.running(request.placement),
  ]);
  if (request.status === "running" && current && current.experimentId !== experimentId) {
    throw new Conflict(
      `Experiment "${current.experimentId}" is already running on ${request.placement}; stop it first.`,
    );
  }
  const experiment: Experiment = { ...request, experimentId, updatedAt: new Date(deps.now()).toISOString() };
  if (request.status === "running") {
    await experiments.setRunning(request.placement, { experimentId, variants: request.variants });
  } else if (current?.experimentId === experimentId) {
    await experiments.clearRunning(request.placement);
  }
  // Moved to another placement while running: the old placement is no longer tagged.
  if (previous?.status === "running" && previous.placement !== request.placement) {
    const old = await experiments.running(previous.placement);
    if (old?.experimentId === experimentId) await experiments.clearRunning(previous.placement);
  }
  await experiments.save(experiment);
  return experiment;
}

/**
 * Per variant: impressions (tagged responses), clicks and conversions (at most one of each per response),
 * their rates, and against the control the relative lift in click-through with a 95% interval and a
 * two-sided p-value. `conclusive` only once every variant has reached the planned sample and the normal
 * approximation holds (≥ 10 clicks and ≥ 10 non-clicks in every arm).
 */
export async function experimentResults(
  principal: Principal,
  experimentId: string,
  deps: ExperimentDeps,
): Promise<ExperimentResults> {
  requireAdmin(principal);
  const experiment = await deps.experiments.load(experimentId);
  if (!experiment) throw new NotFound(`No experiment with id "${experimentId}".`);
  const counted = await Promise.all(
    experiment.variants.map(async ({ name }) => {
      const [impressions, clicks, conversions] = await Promise.all([
        deps.experiments.count(experimentId, name, "IMPRESSION"),
        deps.experiments.count(experimentId, name, "CLICK"),
        deps.experiments.count(experimentId, name, "CONVERSION"),
      ]);
      return { name, impressions, clicks, conversions };
    }),
  );
  const control = counted[0];
  const rate = (x: number, n: number) => (n > 0 ? x / n : null);
  const variants = counted.map((v, index) => {
    const comparison =
      index === 0 || !control
        ? { lift: null, ci95: null, pValue: null }
        : compareProportions(v.clicks, v.impressions, control.clicks, control.impressions);
    return {
      ...v,
      ctr: rate(v.clicks, v.impressions),
      conversionRate: rate(v.conversions, v.impressions),
      ...comparison,
    };
  });
  const enough = counted.every(
    (v) =>
      v.impressions >= experiment.minImpressionsPerVariant &&
      v.clicks >= 10 &&
      v.impressions - v.clicks >= 10,
  );
  return {
    experimentId,
    status: experiment.status,
    placement: experiment.placement,
    variants,
    conclusive: enough,
    note: enough
      ? "Every variant reached the planned sample. Read the p-values once, now; see docs/experiments.md."
      : `Too small to conclude: every variant needs ${experiment.minImpressionsPerVariant} impressions (the planned sample) and at least 10 clicks and 10 non-clicks. Looking earlier and stopping on a good p-value overstates effects.`,
  };
}

/** An experiment's definition as stored (admin). NotFound when there is none. */
export async function getExperiment(
  principal: Principal,
  experimentId: string,
  deps: Pick<ExperimentDeps, "experiments">,
): Promise<Experiment> {
  requireAdmin(principal);
  const experiment = await deps.experiments.load(experimentId);
  if (!experiment) throw new NotFound(`No experiment with id "${experimentId}".`);
  return experiment;
}

/** A page of the experiments in id order (admin): `{ experiments, nextCursor? }`. */
export async function listExperiments(
  principal: Principal,
  page: PageQuery,
  deps: Pick<ExperimentDeps, "experiments">,
) {
  requireAdmin(principal);
  const { experiments, last } = await deps.experiments.list({ limit: page.limit, after: page.cursor });
  return pageResponse("experiments", "experiments", { rows: experiments, last });
}
