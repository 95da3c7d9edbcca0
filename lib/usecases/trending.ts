import { randomUUID } from "node:crypto";
import { type Principal, requireAnyScope } from "../auth/principal.js";
import type { RecommendationReads } from "../data/recommendation-reads.js";
import { type Candidate, diversify, toRecommendationResponse } from "../domain/ranking.js";
import { ALL, scopeId, trendingScores } from "../domain/trending.js";
import type { Item } from "../schemas/item.js";
import type { RecommendationResponse, TrendingQuery } from "../schemas/recommendation.js";

export interface TrendingDeps {
  reads: RecommendationReads;
  now: () => number;
}

/** The most a page can need after filtering and diversity; one BatchGet of catalog entries. */
const MAX_CANDIDATES = 100;

const soldIn = (item: Item, country: string | undefined) =>
  country === undefined || item.regions === undefined || item.regions.includes(country);

/**
 * What is popular now, in a country and/or category: decayed interaction counts lifted by their rate of
 * increase. Items that are unavailable, deleted, or not sold in the requested country never appear. Two
 * round trips: the scope's counters, then the candidates' catalog entries.
 */
export async function trending(
  principal: Principal,
  query: TrendingQuery,
  deps: TrendingDeps,
): Promise<RecommendationResponse> {
  requireAnyScope(principal, "customer", "admin");
  const row = await deps.reads.loadTrendRow(scopeId(query.country ?? ALL, query.category ?? ALL));
  const scored = row ? trendingScores(row, deps.now()).slice(0, MAX_CANDIDATES) : [];
  const items = await deps.reads.loadItems(scored.map((s) => s.itemId));
  const candidates: Candidate[] = [];
  for (const { itemId, score } of scored) {
    const item = items.get(itemId);
    if (!item || item.available === false || !soldIn(item, query.country) || score <= 0) continue;
    candidates.push({
      itemId,
      score,
      reasons: [{ type: "trending" }],
      categories: item.categories,
      features: [],
    });
  }
  return toRecommendationResponse(diversify(candidates, query.limit), randomUUID());
}
