/**
 * A sparse, exponentially decayed affinity vector. Weights are stored as their value at `refTime`; a
 * signal at time t contributes w·2^(-(T-t)/halfLife) at any later time T. Adding a signal is commutative
 * (up to floating point), so late events land exactly where they would have in order.
 */
export interface Affinity {
  /** Epoch milliseconds that `weights` are expressed at: the latest event time seen. */
  refTime: number;
  weights: Record<string, number>;
}

export interface AffinitySettings {
  halfLifeMs: number;
  /** At most this many features are kept; the weakest are dropped. */
  maxFeatures: number;
  /** Weights whose magnitude falls below this are forgotten. */
  minMagnitude: number;
}

export const DEFAULT_AFFINITY_LIMITS = { maxFeatures: 64, minMagnitude: 0.01 } as const;

export const emptyAffinity = (): Affinity => ({ refTime: 0, weights: {} });

export function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  return 2 ** (-elapsedMs / halfLifeMs);
}

/** Adds `weight` to each feature at time `at` and keeps the vector within its bounds. */
export function addSignal(
  affinity: Affinity,
  features: readonly string[],
  weight: number,
  at: number,
  settings: AffinitySettings,
): Affinity {
  if (weight === 0 || features.length === 0) return affinity;
  let { refTime } = affinity;
  let weights = { ...affinity.weights };
  let contribution = weight;
  if (at > refTime) {
    const factor = decayFactor(at - refTime, settings.halfLifeMs);
    weights = Object.fromEntries(Object.entries(weights).map(([f, w]) => [f, w * factor]));
    refTime = at;
  } else {
    contribution = weight * decayFactor(refTime - at, settings.halfLifeMs);
  }
  for (const feature of features) weights[feature] = (weights[feature] ?? 0) + contribution;
  return { refTime, weights: prune(weights, settings) };
}

function prune(weights: Record<string, number>, settings: AffinitySettings): Record<string, number> {
  const kept = Object.entries(weights)
    .filter(([, w]) => Math.abs(w) >= settings.minMagnitude)
    .sort(([fa, wa], [fb, wb]) => Math.abs(wb) - Math.abs(wa) || (fa < fb ? -1 : 1))
    .slice(0, settings.maxFeatures);
  return Object.fromEntries(kept);
}

/** The vector as it stands at `now`, strongest first (by magnitude). */
export function affinityAt(
  affinity: Affinity,
  now: number,
  halfLifeMs: number,
): { feature: string; weight: number }[] {
  const factor = now > affinity.refTime ? decayFactor(now - affinity.refTime, halfLifeMs) : 1;
  return Object.entries(affinity.weights)
    .map(([feature, w]) => ({ feature, weight: w * factor }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.feature < b.feature ? -1 : 1));
}
