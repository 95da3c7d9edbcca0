import type { Reason, RecommendationResponse } from "../schemas/recommendation.js";
import type { Strategy } from "../schemas/strategy.js";
import { affinityAt } from "./affinity.js";
import { personalized } from "./preferences.js";
import type { ProfileState } from "./profile-state.js";
import { type ShownItems, unansweredImpressions } from "./rotation.js";

export interface Candidate {
  itemId: string;
  score: number;
  reasons: Reason[];
  /** The item's category paths; the first one is the one diversity counts. */
  categories: readonly string[];
  features: readonly string[];
}

/** What ranking needs of a customer, decayed to the time of the request. */
export interface CustomerView {
  interests: ReadonlyMap<string, number>;
  /** The largest interest weight; 0 when nothing positive is known. */
  strongest: number;
  shown: ShownItems;
}

export function customerView(profile: ProfileState, now: number, halfLifeMs: number): CustomerView {
  const interests = new Map(affinityAt(profile.affinity, now, halfLifeMs).map((a) => [a.feature, a.weight]));
  return { interests, strongest: Math.max(0, ...interests.values()), shown: profile.shown };
}

const CATEGORY_PREFIX = "category:";

/**
 * How much a feature of this item says about it: a category level counts by its depth in the item's
 * deepest path (the leaf 1, `home` of `home/kitchen/pans` ⅓), so sharing only an ancestor with the
 * customer's interests matches less than sharing the leaf; brand, tags and price band count 1.
 */
function specificity(feature: string, deepest: number): number {
  if (!feature.startsWith(CATEGORY_PREFIX)) return 1;
  let depth = 1;
  for (let i = CATEGORY_PREFIX.length; i < feature.length; i++) if (feature.charCodeAt(i) === 47) depth++;
  return depth / deepest;
}

/**
 * How well an item's features match the customer's interests, from −1 to 1 relative to their strongest
 * interest, and the best-matching feature. Each feature counts by its specificity (see above), and the sum
 * is taken against half the item's total specificity (an item need not match on every feature to match
 * fully), so an item in the customer's own leaf category scores above one that shares only an ancestor.
 */
export function affinityMatch(
  features: readonly string[],
  customer: CustomerView,
): { match: number; best?: string } {
  if (customer.strongest <= 0) return { match: 0 };
  let deepest = 1;
  for (const f of features) if (f.startsWith(CATEGORY_PREFIX)) deepest = Math.max(deepest, specificity(f, 1));
  let sum = 0;
  let total = 0;
  let best: string | undefined;
  let bestWeight = 0;
  for (const f of features) {
    const g = specificity(f, deepest);
    const w = customer.interests.get(f) ?? 0;
    sum += w * g;
    total += g;
    if (w * g > bestWeight) {
      best = f;
      bestWeight = w * g;
    }
  }
  const match = Math.max(-1, Math.min(1, sum / (customer.strongest * Math.max(1, total / 2))));
  return best === undefined ? { match } : { match, best };
}

/** How much a perfect match with the customer's strongest interest lifts a related item (×(1+boost)). */
const AFFINITY_BOOST = 1;

/**
 * Re-ranks item-to-item lists for one customer: each candidate's score is lifted by how well it matches
 * their interests, and the best-matching interest becomes a reason.
 */
export function personalise(candidates: readonly Candidate[], customer: CustomerView): Candidate[] {
  return candidates.map((c) => {
    const { match, best } = affinityMatch(c.features, customer);
    const reasons: Reason[] = best ? [...c.reasons, { type: "affinity", feature: best }] : c.reasons;
    return { ...c, score: c.score * (1 + AFFINITY_BOOST * Math.max(-0.9, match)), reasons };
  });
}

/** The signals one candidate has; missing ones count as 0. */
export interface CandidateSignals {
  itemId: string;
  categories: readonly string[];
  features: readonly string[];
  related?: { weight: number; reason: Reason };
  trending?: number;
}

/**
 * Scores candidates as the strategy's weighted sum of their signals, each scaled to 0–1 across the
 * candidates (related and trending by their maximum, affinity by the customer's strongest interest). Each
 * signal that adds to the score is a reason, largest first.
 */
export function blend(
  signals: readonly CandidateSignals[],
  customer: CustomerView | undefined,
  weights: Strategy["weights"],
): Candidate[] {
  let maxRelated = 0;
  let maxTrending = 0;
  for (const s of signals) {
    maxRelated = Math.max(maxRelated, s.related?.weight ?? 0);
    maxTrending = Math.max(maxTrending, s.trending ?? 0);
  }
  // Runs over every rank candidate (up to 500): plain arithmetic, and reasons only for what contributes.
  return signals.map((s) => {
    const related = s.related && maxRelated > 0 ? (weights.related * s.related.weight) / maxRelated : 0;
    const trend = s.trending && maxTrending > 0 ? (weights.trending * s.trending) / maxTrending : 0;
    const { match, best } = customer ? affinityMatch(s.features, customer) : { match: 0, best: undefined };
    const affinity = weights.affinity * match;
    const parts: [number, Reason][] = [];
    if (related > 0 && s.related) parts.push([related, s.related.reason]);
    if (affinity > 0 && best) parts.push([affinity, { type: "affinity", feature: best }]);
    if (trend > 0) parts.push([trend, { type: "trending" }]);
    if (parts.length > 1) parts.sort((x, y) => y[0] - x[0]);
    return {
      itemId: s.itemId,
      score: related + affinity + trend,
      reasons: parts.map(([, reason]) => reason),
      categories: s.categories,
      features: s.features,
    };
  });
}

/**
 * Rotation: an item shown to the customer `afterImpressions` times lately without a reaction loses
 * `penalty` of its score, and again for every further showing, so a page does not go stale.
 */
export function rotate(
  candidates: readonly Candidate[],
  shown: ShownItems,
  rotation: Strategy["rotation"],
  now: number,
): Candidate[] {
  return candidates.map((c) => {
    const unanswered = unansweredImpressions(shown, c.itemId, now);
    if (unanswered < rotation.afterImpressions) return c;
    const factor = (1 - rotation.penalty) ** (unanswered - rotation.afterImpressions + 1);
    return { ...c, score: c.score * factor };
  });
}

/**
 * Best first (candidates of equal score keep their given order), but no leaf category takes more than
 * `maxShare` of the page while others qualify; items held back fill the page only when nothing else is left.
 */
export function diversify(candidates: readonly Candidate[], limit: number, maxShare = 1 / 3): Candidate[] {
  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const cap = Math.max(1, Math.ceil(limit * maxShare));
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

/** A page as served to a customer: when they switched personalization off, every item says so. */
export function asServedTo(page: readonly Candidate[], profile: ProfileState | undefined): Candidate[] {
  if (!profile || personalized(profile)) return [...page];
  return page.map((c) => ({ ...c, reasons: [...c.reasons, { type: "personalization_off" }] }));
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
