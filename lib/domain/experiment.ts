import { createHash } from "node:crypto";

/**
 * A customer's variant: a hash of experiment and customer id mapped onto the variants' weights. The same
 * customer gets the same variant on every request and device (it depends on nothing else), customers
 * spread in proportion to the weights, and different experiments assign independently.
 */
export function assignVariant(experimentId: string, unitId: string, weights: readonly number[]): number {
  const digest = createHash("sha256").update(`${experimentId}\u0000${unitId}`).digest();
  // 48 bits are plenty to split a unit interval without bias worth mentioning.
  const u = digest.readUIntBE(0, 6) / 2 ** 48;
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += (weights[i] ?? 0) / total;
    if (u < cumulative) return i;
  }
  return weights.length - 1;
}

const SEPARATOR = "~";

/** What a tagged response's id says about where it came from. */
export interface Tag {
  experimentId: string;
  variant: string;
}

/**
 * A tagged response's id carries its experiment and variant, so later events can be attributed without a
 * lookup table. It proves nothing by itself: attribution also needs the impression recorded under it.
 */
export const taggedRecommendationId = (base: string, tag: Tag) =>
  `${base}${SEPARATOR}${tag.experimentId}${SEPARATOR}${tag.variant}`;

export function parseTag(recommendationId: string): Tag | undefined {
  const parts = recommendationId.split(SEPARATOR);
  if (parts.length !== 3) return undefined;
  const [, experimentId = "", variant = ""] = parts;
  const plain = /^[A-Za-z0-9_-]+$/;
  return plain.test(experimentId) && plain.test(variant) ? { experimentId, variant } : undefined;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf; error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface Comparison {
  /** Relative change of the rate against the control: p/p₀ − 1. */
  lift: number | null;
  /** 95% interval of the lift (delta method on the log of the rate ratio). */
  ci95: [number, number] | null;
  /** Two-sided p-value of the pooled two-proportion z-test. */
  pValue: number | null;
}

/** A variant's successes out of trials against the control's. Null where the data cannot say. */
export function compareProportions(x: number, n: number, x0: number, n0: number): Comparison {
  if (n <= 0 || n0 <= 0) return { lift: null, ci95: null, pValue: null };
  const p = x / n;
  const p0 = x0 / n0;
  const pooled = (x + x0) / (n + n0);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / n0));
  const pValue = se > 0 ? 2 * (1 - normalCdf(Math.abs(p - p0) / se)) : null;
  if (x <= 0 || x0 <= 0) return { lift: p0 > 0 ? p / p0 - 1 : null, ci95: null, pValue };
  const ratio = p / p0;
  const seLog = Math.sqrt((1 - p) / x + (1 - p0) / x0);
  const z = 1.959963984540054;
  return {
    lift: ratio - 1,
    ci95: [Math.exp(Math.log(ratio) - z * seLog) - 1, Math.exp(Math.log(ratio) + z * seLog) - 1],
    pValue,
  };
}
