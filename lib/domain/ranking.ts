import type { Reason, RecommendationResponse } from "../schemas/recommendation.js";
import { type Affinity, affinityAt } from "./affinity.js";

export interface Candidate {
  itemId: string;
  score: number;
  reasons: Reason[];
  /** The item's leaf categories, for diversity. */
  categories: readonly string[];
  features: readonly string[];
}

/** How much a perfect match with the customer's strongest interest can lift a score (×(1+boost)). */
const AFFINITY_BOOST = 1;

/**
 * Re-ranks for one customer: each candidate's score is lifted by how well its features match the
 * customer's interests (relative to their strongest one), and the best-matching interest becomes a reason.
 */
export function personalise(
  candidates: readonly Candidate[],
  affinity: Affinity,
  now: number,
  halfLifeMs: number,
) {
  const weights = new Map(affinityAt(affinity, now, halfLifeMs).map((a) => [a.feature, a.weight]));
  const strongest = Math.max(0, ...weights.values());
  if (strongest <= 0) return [...candidates];
  return candidates.map((c) => {
    let match = 0;
    let best: string | undefined;
    let bestWeight = 0;
    for (const f of c.features) {
      const w = weights.get(f) ?? 0;
      match += w;
      if (w > bestWeight) {
        best = f;
        bestWeight = w;
      }
    }
    const lift =
      1 +
      AFFINITY_BOOST * Math.max(-0.9, Math.min(1, match / (strongest * Math.max(1, c.features.length / 2))));
    const reasons: Reason[] = best ? [...c.reasons, { type: "affinity", feature: best }] : c.reasons;
    return { ...c, score: c.score * lift, reasons };
  });
}

/**
 * Best first, but no leaf category takes more than a third of the page while others qualify; items held
 * back fill the page only when nothing else is left.
 */
export function diversify(candidates: readonly Candidate[], limit: number): Candidate[] {
  const ranked = [...candidates].sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1));
  const cap = Math.max(1, Math.ceil(limit / 3));
  const perCategory = new Map<string, number>();
  const page: Candidate[] = [];
  const held: Candidate[] = [];
  for (const c of ranked) {
    if (page.length >= limit) break;
    const leaf = c.categories[0] ?? "";
    const used = perCategory.get(leaf) ?? 0;
    if (leaf !== "" && used >= cap) {
      held.push(c);
      continue;
    }
    perCategory.set(leaf, used + 1);
    page.push(c);
  }
  return [...page, ...held].slice(0, limit);
}

/** A ranked page as the API returns it: scores to 4 significant digits, a fresh id for attribution. */
export function toRecommendationResponse(
  page: readonly Candidate[],
  recommendationId: string,
): RecommendationResponse {
  return {
    recommendationId,
    items: page.map((c) => ({
      itemId: c.itemId,
      score: Number(c.score.toPrecision(4)),
      reasons: c.reasons,
    })),
  };
}
