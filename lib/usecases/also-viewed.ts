import { randomUUID } from "node:crypto";
import { type Principal, requireAnyScope, resolveCustomer } from "../auth/principal.js";
import type { RecommendationReads } from "../data/recommendation-reads.js";
import { coViewSimilarity } from "../domain/co-views.js";
import { itemFeatures } from "../domain/item-features.js";
import { type Candidate, diversify, personalise } from "../domain/ranking.js";
import { NotFound } from "../errors.js";
import type { RecommendationResponse } from "../schemas/recommendation.js";

export interface AlsoViewedDeps {
  reads: RecommendationReads;
  halfLifeMs: number;
  now: () => number;
}

export interface AlsoViewedQuery {
  itemId: string;
  limit: number;
  customerId?: string | undefined;
}

/** Two BatchGets of ≤ 100 keys each: the neighbours of the item, then each candidate's entry and co-view row. */
const MAX_CANDIDATES = 49;

/**
 * "Shoppers who viewed this also viewed": the item's co-viewed neighbours scored by cosine similarity, so
 * that globally popular items do not fill every list; with `customerId`, re-ranked by that customer's
 * interests, without what they bought. Unavailable or deleted items never appear.
 */
export async function alsoViewed(
  principal: Principal,
  query: AlsoViewedQuery,
  deps: AlsoViewedDeps,
): Promise<RecommendationResponse> {
  requireAnyScope(principal, "customer", "admin");
  const customerId =
    query.customerId === undefined ? undefined : resolveCustomer(principal, query.customerId);

  const seed = await deps.reads.loadItemContext([query.itemId]);
  if (!seed.items.has(query.itemId)) throw new NotFound(`No item with id "${query.itemId}".`);
  const hood = seed.neighbourhoods.get(query.itemId);
  const neighbourIds = Object.entries(hood?.neighbours ?? {})
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, MAX_CANDIDATES)
    .map(([id]) => id);

  const context = await deps.reads.loadItemContext(neighbourIds, customerId);
  const bought = new Set(context.profile?.state.purchases.map((p) => p.itemId) ?? []);
  let candidates: Candidate[] = [];
  for (const id of neighbourIds) {
    const item = context.items.get(id);
    if (!item || item.available === false || bought.has(id)) continue;
    const score = coViewSimilarity(
      hood?.neighbours[id] ?? 0,
      hood?.views ?? 0,
      context.neighbourhoods.get(id)?.views ?? 0,
    );
    if (score <= 0) continue;
    candidates.push({
      itemId: id,
      score,
      reasons: [{ type: "also_viewed", itemId: query.itemId }],
      categories: item.categories,
      features: itemFeatures(item),
    });
  }
  if (context.profile)
    candidates = personalise(candidates, context.profile.state.affinity, deps.now(), deps.halfLifeMs);

  return {
    recommendationId: randomUUID(),
    items: diversify(candidates, query.limit).map((c) => ({
      itemId: c.itemId,
      score: Math.round(c.score * 10_000) / 10_000,
      reasons: c.reasons,
    })),
  };
}
