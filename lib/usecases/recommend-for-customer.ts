import { type Principal, resolveCustomer } from "../auth/principal.js";
import { audienceOf, isOffered, seenBy } from "../domain/eligibility.js";
import { explore } from "../domain/exploration.js";
import { itemFeatures } from "../domain/item-features.js";
import { merchandising } from "../domain/merchandising.js";
import { stillNew } from "../domain/new-arrivals.js";
import { personalProfile, underAny } from "../domain/preferences.js";
import { blend, type CandidateSignals, customerView, diversify, rotate } from "../domain/ranking.js";
import { RELATED_POOL_LIMITS, relatedNow } from "../domain/related-pool.js";
import { ALL, scopeId, trendingScores } from "../domain/trending.js";
import type { ForYouQuery, RecommendationResponse } from "../schemas/recommendation.js";
import { armFor } from "./experiment-arm.js";
import { readCandidatesAndLatest } from "./latest-items-read.js";
import type { ListDeps } from "./list-deps.js";
import { servedList } from "./served-list.js";

/** Candidates taken before scoring: the related pool, then trending. */
const MAX_CANDIDATES = 150;
/** Of which at most this many come from the customer's related pool; the rest are trending. */
const MAX_RELATED = RELATED_POOL_LIMITS.maxFeatures;

/**
 * "Recommended for you": neighbours of what the customer viewed, carted and bought, and what is trending,
 * leaving out what they already interacted with (the strategy's `seenAgainAfterDays` may let it back),
 * scored by the strategy's blend of relatedness, affinity to their interests and popularity, then rotated
 * and diversified. Candidates come from the related pool the consumer keeps in the profile and from the
 * neighbour rows of the customer's latest items as they are now, which also score relatedness (see
 * recent-neighbours.ts), so what other customers did since counts too. A customer Kindred knows nothing
 * about gets the trending list. Business rules and the request's filters apply as merchandising.ts says.
 * Two round trips: the profile with the trending counters, the placement's rules and experiment, then
 * the latest items' neighbour rows (with the catalog projection's shards that changed, if any).
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
    newArrivals: true,
    rules: "recommendations",
  });
  const arm = armFor(first.running, customerId, deps.strategy);
  const profile = first.profile?.state;
  const audience = audienceOf(profile, query.country);
  // Switched off: the same list as for a stranger, but still without what they blocked or bought.
  const personal = personalProfile(profile);

  const { strategy } = arm;
  const rules = merchandising(first.rules, query, now, strategy.rules);
  const seen = seenBy(personal, strategy.seenAgainAfterDays, now);
  const excluded = (itemId: string) => audience.purchased?.has(itemId) === true || seen(itemId);
  const pool: string[] = [];
  for (const r of personal ? relatedNow(personal.related) : []) {
    if (pool.length >= MAX_RELATED) break;
    if (!excluded(r.itemId)) pool.push(r.itemId);
  }
  const trend = scopes.map((scope) => first.trends.get(scope)).find((row) => row !== undefined);
  const trending = new Map((trend ? trendingScores(trend, now) : []).map((t) => [t.itemId, t.score]));
  const { share, newForDays } = strategy.exploration;
  const cold = new Set(
    share > 0 ? stillNew(first.newArrivals, now, newForDays * 86_400_000, (id) => !excluded(id)) : [],
  );
  const named = rules.named.filter((id) => !excluded(id));
  const candidateIds = [...new Set([...pool, ...cold, ...named])];
  for (const itemId of trending.keys()) {
    if (candidateIds.length >= MAX_CANDIDATES) break;
    if (!candidateIds.includes(itemId) && !excluded(itemId)) candidateIds.push(itemId);
  }

  const { items, related } = await readCandidatesAndLatest(
    deps,
    candidateIds,
    personal,
    audience.blockedCategories ?? [],
    arm,
  );
  // The pool was gathered at the customer's last action; others' actions have moved the latest items'
  // neighbours since. Those that are no candidates count too: the projection holds every item.
  const read = new Set(candidateIds);
  const latest = deps.reads.catalogEntries(
    [...related.keys()].filter((id) => !read.has(id) && !excluded(id)),
  );
  for (const [itemId, item] of latest) items.set(itemId, item);
  const signals: CandidateSignals[] = [];
  for (const itemId of [...candidateIds, ...latest.keys()]) {
    const item = items.get(itemId);
    if (
      !item ||
      !isOffered(item, audience) ||
      (query.category !== undefined && !underAny(item.categories, [query.category])) ||
      !rules.admits(item)
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
  const itemOf = (itemId: string) => items.get(itemId);
  let candidates = rules.boost(blend(signals, view, strategy.weights), itemOf);
  if (personal) candidates = rotate(candidates, personal.shown, strategy.rotation, now);
  // Cold items come in only through the exploration share, unless they are related or trending already.
  const coldOnly = (itemId: string) => cold.has(itemId) && !related.has(itemId) && !trending.has(itemId);
  const page = diversify(
    candidates.filter((c) => c.score > 0 && !coldOnly(c.itemId)),
    query.limit,
    strategy.diversity,
  );
  // Best first; newest first where nothing tells them apart (the arrivals row's order).
  // A cold item the customer's interests speak against (a negative score) is not worth a place.
  const explorable = candidates
    .filter((c) => coldOnly(c.itemId) && c.score >= 0)
    .sort((a, b) => b.score - a.score);
  const explored = explore(page, explorable, query.limit, share, strategy.diversity);
  return servedList(rules, { page: explored, pool: candidates, limit: query.limit, itemOf }, arm, profile);
}
