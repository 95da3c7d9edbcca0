import { type Principal, resolveCustomer } from "../auth/principal.js";
import { audienceOf, isOffered, seenBy } from "../domain/eligibility.js";
import { itemFeatures } from "../domain/item-features.js";
import { personalProfile, underAny } from "../domain/preferences.js";
import {
  asServedTo,
  blend,
  type CandidateSignals,
  customerView,
  diversify,
  rotate,
  toRecommendationResponse,
} from "../domain/ranking.js";
import { relatedNow } from "../domain/related-pool.js";
import { ALL, scopeId, trendingScores } from "../domain/trending.js";
import type { ForYouQuery, RecommendationResponse } from "../schemas/recommendation.js";
import { armFor, recordImpression, withTag } from "./experiment-arm.js";
import type { ListDeps } from "./list-deps.js";

/** Catalog entries read in the second round trip: one BatchGet. */
const MAX_CANDIDATES = 100;
/** Of which at most this many come from the customer's related pool; the rest are trending. */
const MAX_RELATED = 40;

/**
 * "Recommended for you": neighbours of what the customer viewed, carted and bought (their related pool,
 * kept in the profile), and what is trending, leaving out what they already interacted with (the
 * strategy's `seenAgainAfterDays` may let it back), scored by the strategy's blend of relatedness, affinity to
 * their interests and popularity, then rotated and diversified. A customer Kindred knows nothing about gets
 * the trending list. Two round trips: the profile with the trending counters, then the candidates' catalog
 * entries.
 */
export async function recommendForCustomer(
  principal: Principal,
  query: ForYouQuery,
  deps: ListDeps,
): Promise<RecommendationResponse> {
  const customerId = resolveCustomer(principal, query.customerId);
  const now = deps.now();
  // The country's trending row when there is one, else everywhere's (eligibility still applies the country).
  const scopes = [scopeId(query.country ?? ALL, query.category ?? ALL), scopeId(ALL, query.category ?? ALL)];
  const first = await deps.reads.read({
    customerId,
    trendScopes: [...new Set(scopes)],
    placement: "recommendations",
  });
  const arm = armFor(first.running, customerId, deps.strategy);
  const profile = first.profile?.state;
  const audience = audienceOf(profile, query.country);
  // Switched off: the same list as for a stranger, but still without what they blocked or bought.
  const personal = personalProfile(profile);

  const { strategy } = arm;
  const seen = seenBy(personal, strategy.seenAgainAfterDays, now);
  const excluded = (itemId: string) => audience.purchased?.has(itemId) === true || seen(itemId);
  const related = new Map<string, NonNullable<CandidateSignals["related"]>>();
  for (const r of personal ? relatedNow(personal.related) : []) {
    if (related.size >= MAX_RELATED) break;
    if (!excluded(r.itemId)) related.set(r.itemId, { weight: r.weight, reason: r.via });
  }
  const trend = scopes.map((scope) => first.trends.get(scope)).find((row) => row !== undefined);
  const trending = new Map((trend ? trendingScores(trend, now) : []).map((t) => [t.itemId, t.score]));
  const candidateIds = [...related.keys()];
  for (const itemId of trending.keys()) {
    if (candidateIds.length >= MAX_CANDIDATES) break;
    if (!related.has(itemId) && !excluded(itemId)) candidateIds.push(itemId);
  }

  const [{ items }] = await Promise.all([
    deps.reads.read({ itemIds: candidateIds }),
    recordImpression(deps.experiments, arm),
  ]);
  const signals: CandidateSignals[] = [];
  for (const itemId of candidateIds) {
    const item = items.get(itemId);
    if (
      !item ||
      !isOffered(item, audience) ||
      (query.category !== undefined && !underAny(item.categories, [query.category]))
    )
      continue;
    const r = related.get(itemId);
    const t = trending.get(itemId);
    signals.push({
      itemId,
      categories: item.categories,
      features: itemFeatures(item),
      ...(r ? { related: r } : {}),
      ...(t ? { trending: t } : {}),
    });
  }
  const view = personal ? customerView(personal, now, deps.halfLifeMs) : undefined;
  let candidates = blend(signals, view, strategy.weights).filter((c) => c.score > 0);
  if (personal) candidates = rotate(candidates, personal.shown, strategy.rotation, now);
  const page = diversify(candidates, query.limit, strategy.diversity);
  const shown = asServedTo(page, profile);
  return withTag(toRecommendationResponse(shown, arm.recommendationId), arm);
}
