import { type Principal, resolveCustomer } from "../auth/principal.js";
import { audienceOf, isOffered } from "../domain/eligibility.js";
import { frozenItemFeatures, itemFeatures } from "../domain/item-features.js";
import { merchandising } from "../domain/merchandising.js";
import { personalProfile } from "../domain/preferences.js";
import { blend, type CandidateSignals, customerView, diversify, rotate } from "../domain/ranking.js";
import type { Merchandisable } from "../domain/rule-match.js";
import { ALL, scopeId, trendingScores } from "../domain/trending.js";
import type { RankRequest, RecommendationResponse } from "../schemas/recommendation.js";
import { armFor } from "./experiment-arm.js";
import { readCandidatesAndLatest } from "./latest-items-read.js";
import type { ListDeps } from "./list-deps.js";
import { servedList } from "./served-list.js";

/**
 * Orders content the caller chose (articles, banners, products) for one customer, by the same blend as
 * "recommended for you". Catalog items are judged by their catalog entry (unavailable, not sold in the
 * customer's country or already bought: left out); anything else by the features given inline. Where no
 * signal tells candidates apart, the caller's order stands. Business rules and the body's `filter` apply
 * to the candidates given (merchandising.ts). Two round trips: the profile, the trending counters, the
 * placement's rules and experiment; then the neighbour rows of the customer's latest items and the catalog
 * projection's shards that changed (none of either: no second round trip), with the impression a tagged
 * response writes. Catalog entries come from the projection.
 */
export async function rankItems(
  principal: Principal,
  pathCustomerId: string,
  request: RankRequest,
  deps: ListDeps,
): Promise<RecommendationResponse> {
  const customerId = resolveCustomer(principal, pathCustomerId);
  const now = deps.now();
  const scope = scopeId(ALL, ALL);
  const candidateIds = request.items.map((c) => c.itemId);
  const {
    profile: stored,
    trends,
    running,
    rules,
  } = await deps.reads.read({
    customerId,
    trendScopes: [scope],
    placement: "rank",
    rules: "rank",
  });
  const arm = armFor(running, customerId, deps.strategy);
  const { strategy } = arm;
  const merchandise = merchandising(rules, request.filter ?? {}, now, strategy.rules);
  const profile = stored?.state;
  const audience = audienceOf(profile, undefined);
  const personal = personalProfile(profile);
  // The second round trip (none when the catalog did not change and the customer has no history).
  const { items, related } = await readCandidatesAndLatest(
    deps,
    candidateIds,
    personal,
    audience.blockedCategories ?? [],
    arm,
  );
  const trend = trends.get(scope);
  const trending = new Map((trend ? trendingScores(trend, now) : []).map((t) => [t.itemId, t.score]));

  const signals: CandidateSignals[] = [];
  const positions = new Map<string, number>();
  const given = new Map<string, Merchandisable>();
  request.items.forEach((candidate, position) => {
    const known = items.get(candidate.itemId);
    const item = known ?? { ...candidate, categories: candidate.categories ?? [] };
    if (!isOffered(item, audience) || !merchandise.admits(item)) return;
    given.set(candidate.itemId, item);
    positions.set(candidate.itemId, position);
    // A catalog entry's features are computed once per entry (up to 500 candidates a request).
    const signal: CandidateSignals = {
      itemId: candidate.itemId,
      categories: item.categories,
      features: known ? frozenItemFeatures(known) : itemFeatures(item),
    };
    const r = related.get(candidate.itemId);
    const t = trending.get(candidate.itemId);
    if (r) signal.related = r;
    if (t) signal.trending = t;
    signals.push(signal);
  });
  const view = personal ? customerView(personal, now, deps.halfLifeMs) : undefined;
  const itemOf = (itemId: string) => given.get(itemId);
  const blended = blend(signals, view, strategy.weights).map((c) =>
    c.reasons.length > 0
      ? c
      : { ...c, reasons: [{ type: "caller_order" as const, position: positions.get(c.itemId) ?? 0 }] },
  );
  let candidates = merchandise.boost(blended, itemOf);
  if (personal) candidates = rotate(candidates, personal.shown, strategy.rotation, now);
  const page = diversify(candidates, request.limit, strategy.diversity);
  return servedList(merchandise, { page, pool: candidates, limit: request.limit, itemOf }, arm, profile);
}
