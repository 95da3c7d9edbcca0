import { randomUUID } from "node:crypto";
import { type Principal, requireAnyScope } from "../auth/principal.js";
import type { CatalogEntry } from "../data/catalog-projection.js";
import { isOffered } from "../domain/eligibility.js";
import { merchandising, namedOnly } from "../domain/merchandising.js";
import { underAny } from "../domain/preferences.js";
import { type Candidate, diversify } from "../domain/ranking.js";
import { ALL, scopeId, trendingScores } from "../domain/trending.js";
import type { RecommendationResponse, TrendingQuery } from "../schemas/recommendation.js";
import type { ListDeps } from "./list-deps.js";
import { servedList } from "./served-list.js";

/** The most a page can need after filtering and diversity; one BatchGet of catalog entries. */
const MAX_CANDIDATES = 100;

/**
 * What is popular now, in a country and/or category: decayed interaction counts lifted by their rate of
 * increase. Items that are unavailable, deleted, or not sold in the requested country never appear.
 * Business rules and the request's filters apply (merchandising.ts). Two round trips: the scope's counters
 * with the placement's rules, then the candidates' catalog entries (and those of items the rules name).
 */
export async function trending(
  principal: Principal,
  query: TrendingQuery,
  deps: ListDeps,
): Promise<RecommendationResponse> {
  requireAnyScope(principal, "customer", "admin");
  const scope = scopeId(query.country ?? ALL, query.category ?? ALL);
  const now = deps.now();
  const { trends, rules: stored } = await deps.reads.read({ trendScopes: [scope], rules: "trending" });
  const rules = merchandising(stored, query, now, deps.strategy.rules);
  const row = trends.get(scope);
  const scored = row ? trendingScores(row, now).slice(0, MAX_CANDIDATES) : [];
  const { items } = await deps.reads.read({ itemIds: [...scored.map((s) => s.itemId), ...rules.named] });
  const audience = { country: query.country };
  const candidates: Candidate[] = [];
  for (const { itemId, score } of scored) {
    const item = items.get(itemId);
    if (!item || !isOffered(item, audience) || score <= 0 || !rules.admits(item)) continue;
    candidates.push({
      itemId,
      score,
      reasons: [{ type: "trending" }],
      categories: item.categories,
      features: [],
    });
  }
  const itemOf = (itemId: string) => items.get(itemId);
  const boosted = rules.boost(candidates, itemOf);
  // Diversity decides which items make the page; a popularity list is then shown strictly best first.
  const page = diversify(boosted, query.limit, deps.strategy.diversity).sort((a, b) => b.score - a.score);
  const inCategory = (item: CatalogEntry) =>
    query.category === undefined || underAny(item.categories, [query.category]);
  const pool = [...boosted, ...namedOnly(rules, boosted, items, audience, inCategory)];
  // No customer, no experiment: the arm is the configured strategy under a fresh id.
  const arm = { strategy: deps.strategy, recommendationId: randomUUID() };
  return servedList(rules, { page, pool, limit: query.limit, itemOf }, arm);
}
