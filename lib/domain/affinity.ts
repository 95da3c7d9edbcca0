import { type Dict, dict } from "./dict.js";

/**
 * A sparse, exponentially decayed affinity vector, kept with forward decay: weights are stored relative to
 * the profile's `epoch`, so a signal of weight w at time t adds w·2^((t-epoch)/halfLife) and its value at any
 * time T is stored·2^(-(T-epoch)/halfLife). Adding a signal touches only that signal's features (nothing is
 * rescaled), order of arrival does not matter (up to floating point), and late events land exactly where
 * they would have in order.
 *
 * The vector carries the half-life it was built with: stored weights mean nothing without it. When the
 * configured half-life changes, the vector is rebased before anything is added (rebaseInPlace): its values
 * as of its latest event stay as they are, and from then on it decays, and new signals land, on the new
 * scale — two signals a moment apart, one before the change and one after, weigh the same.
 */
export interface Affinity {
  /** Epoch ms the stored weights are relative to; moved forward now and then to keep numbers small. */
  epoch: number;
  /** Latest event time seen, epoch ms: what "forgotten" is judged against. */
  latest: number;
  weights: Dict<number>;
  /**
   * The half-life the weights are expressed with, in the unit of the vector's clock (ms for interests,
   * interaction steps for the related pool). Absent from an empty vector and from vectors stored before it
   * was kept: those are taken to be built with the half-life configured when they are next read or folded.
   */
  halfLife?: number | undefined;
}

export interface AffinitySettings {
  halfLifeMs: number;
  /** At most this many features are kept; the weakest are dropped. */
  maxFeatures: number;
  /** Weights whose magnitude at the latest event time falls below this are forgotten. */
  minMagnitude: number;
}

export const DEFAULT_AFFINITY_LIMITS = { maxFeatures: 64, minMagnitude: 0.01 } as const;

/** Past this many half-lives ahead of the epoch, the epoch moves (2^64 keeps far away from overflow). */
const REBASE_AFTER_HALF_LIVES = 64;

export const emptyAffinity = (): Affinity => ({ epoch: 0, latest: 0, weights: dict() });

export function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  return 2 ** (-elapsedMs / halfLifeMs);
}

/**
 * Re-expresses `affinity` with half-life `halfLife`: its values as of its latest event are unchanged, and
 * they decay at the new rate after it. Nothing changes when the half-life is the one it was built with.
 * Mutates `affinity`.
 */
export function rebaseInPlace(affinity: Affinity, halfLife: number): void {
  const built = affinity.halfLife;
  if (built !== undefined && built !== halfLife) {
    const factor = decayFactor(affinity.latest - affinity.epoch, built);
    const weights = affinity.weights;
    for (const f in weights) weights[f] = (weights[f] ?? 0) * factor;
    affinity.epoch = affinity.latest;
  }
  affinity.halfLife = halfLife;
}

/** `affinity` rebased to `halfLife` (rebaseInPlace), as a copy when that changes anything. */
function rebased(affinity: Affinity, halfLife: number): Affinity {
  if (affinity.halfLife === undefined || affinity.halfLife === halfLife) return affinity;
  const copy = { ...affinity, weights: dict(affinity.weights) };
  rebaseInPlace(copy, halfLife);
  return copy;
}

/**
 * Adds `weight` to each feature at time `at`, then keeps the vector within its bounds. Mutates `affinity`:
 * callers fold many events into one working copy (see applyEvents).
 */
export function addSignalInPlace(
  affinity: Affinity,
  features: readonly string[],
  weight: number,
  at: number,
  settings: AffinitySettings,
): void {
  if (weight === 0 || features.length === 0) return;
  rebaseInPlace(affinity, settings.halfLifeMs);
  const weights = affinity.weights;
  if (Object.keys(weights).length === 0) affinity.epoch = at;
  if ((at - affinity.epoch) / settings.halfLifeMs > REBASE_AFTER_HALF_LIVES) {
    const factor = decayFactor(at - affinity.epoch, settings.halfLifeMs);
    for (const f in weights) weights[f] = (weights[f] ?? 0) * factor;
    affinity.epoch = at;
  }
  const contribution = weight / decayFactor(at - affinity.epoch, settings.halfLifeMs);
  for (const feature of features) weights[feature] = (weights[feature] ?? 0) + contribution;
  if (at > affinity.latest) affinity.latest = at;
  prune(affinity, settings);
}

/** Drops what has decayed below the floor, then the weakest features beyond the limit (ties by name). */
function prune(affinity: Affinity, settings: AffinitySettings): void {
  const weights = affinity.weights;
  const floor = settings.minMagnitude / decayFactor(affinity.latest - affinity.epoch, settings.halfLifeMs);
  let count = 0;
  for (const f in weights) {
    if (Math.abs(weights[f] ?? 0) < floor) delete weights[f];
    else count++;
  }
  while (count > settings.maxFeatures) {
    let weakest: string | undefined;
    let weakestMagnitude = Number.POSITIVE_INFINITY;
    for (const f in weights) {
      const m = Math.abs(weights[f] ?? 0);
      if (m < weakestMagnitude || (m === weakestMagnitude && weakest !== undefined && f > weakest)) {
        weakest = f;
        weakestMagnitude = m;
      }
    }
    if (weakest === undefined) break;
    delete weights[weakest];
    count--;
  }
}

/**
 * The vector as it stands at `now`, strongest first (by magnitude): as built up to its latest event, and
 * decayed with `halfLifeMs` (the one configured now) after it.
 */
export function affinityAt(
  affinity: Affinity,
  now: number,
  halfLifeMs: number,
): { feature: string; weight: number }[] {
  const at = Math.max(now, affinity.latest);
  const built = affinity.halfLife ?? halfLifeMs;
  const factor =
    built === halfLifeMs
      ? decayFactor(at - affinity.epoch, halfLifeMs)
      : decayFactor(affinity.latest - affinity.epoch, built) * decayFactor(at - affinity.latest, halfLifeMs);
  return Object.entries(affinity.weights)
    .map(([feature, w]) => ({ feature, weight: w * factor }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.feature < b.feature ? -1 : 1));
}

/**
 * Adds `source`'s forward-decayed weights into `into`, both rebased to `halfLifeMs` and expressed against the
 * later epoch. Mutates `into` (never `source`).
 */
export function addVectorInPlace(
  into: Affinity,
  source: Affinity,
  halfLifeMs: number,
  maxFeatures: number,
): void {
  if (Object.keys(source.weights).length === 0) return;
  rebaseInPlace(into, halfLifeMs);
  const other = rebased(source, halfLifeMs);
  if (Object.keys(into.weights).length === 0) into.epoch = other.epoch;
  const epoch = Math.max(into.epoch, other.epoch);
  // A stored weight w against epoch e is worth w·2^(-(e'-e)/h) against a later epoch e'.
  const ownFactor = decayFactor(epoch - into.epoch, halfLifeMs);
  const otherFactor = decayFactor(epoch - other.epoch, halfLifeMs);
  for (const f in into.weights) into.weights[f] = (into.weights[f] ?? 0) * ownFactor;
  for (const [f, w] of Object.entries(other.weights))
    into.weights[f] = (into.weights[f] ?? 0) + w * otherFactor;
  into.epoch = epoch;
  into.latest = Math.max(into.latest, other.latest);
  const kept = Object.entries(into.weights)
    .sort(([a, x], [b, y]) => Math.abs(y) - Math.abs(x) || (a < b ? -1 : 1))
    .slice(0, maxFeatures);
  into.weights = dict(kept);
}
