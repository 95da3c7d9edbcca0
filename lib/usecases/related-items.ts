import { randomUUID } from "node:crypto";
import { type Principal, requireAnyScope, resolveCustomer } from "../auth/principal.js";
import type { RecommendationReads } from "../data/recommendation-reads.js";
import { cosineSimilarity, type Relation } from "../domain/co-occurrence.js";
import { itemFeatures } from "../domain/item-features.js";
import { type Candidate, diversify, personalise, toRecommendationResponse } from "../domain/ranking.js";
import { NotFound } from "../errors.js";
import type { RecommendationResponse } from "../schemas/recommendation.js";

export interface RelatedItemsDeps {
  reads: RecommendationReads;
  halfLifeMs: number;
  now: () => number;
}

export interface RelatedItemsQuery {
  itemId: string;
  limit: number;
  customerId?: string | undefined;
}

/** Two BatchGets of ≤ 100 keys each: the item's row, then each candidate's entry and row (and a profile). */
const MAX_CANDIDATES = 49;

/**
 * "Shoppers who viewed this also viewed" and "bought together": the item's neighbours under the relation,
 * scored by cosine similarity so that globally popular items do not fill every list; with `customerId`,
 * re-ranked by that customer's interests, without what they bought. Unavailable or deleted items never
 * appear.
 */
export async function relatedItems(
  principal: Principal,
  relation: Relation,
  query: RelatedItemsQuery,
  deps: RelatedItemsDeps,
): Promise<RecommendationResponse> {
  requireAnyScope(principal, "customer", "admin");
  const customerId =
    query.customerId === undefined ? undefined : resolveCustomer(principal, query.customerId);

  const seed = await deps.reads.loadItemContext([query.itemId], relation);
  if (!seed.items.has(query.itemId)) throw new NotFound(`No item with id "${query.itemId}".`);
  const hood = seed.neighbourhoods.get(query.itemId);
  const neighbours = hood?.neighbours ?? {};
  const neighbourIds = Object.keys(neighbours)
    .sort((a, b) => (neighbours[b] ?? 0) - (neighbours[a] ?? 0) || (a < b ? -1 : 1))
    .slice(0, MAX_CANDIDATES);

  const context = await deps.reads.loadItemContext(neighbourIds, relation, customerId);
  const bought = new Set(context.profile?.state.purchases.map((p) => p.itemId) ?? []);
  let candidates: Candidate[] = [];
  for (const id of neighbourIds) {
    const item = context.items.get(id);
    if (!item || item.available === false || bought.has(id)) continue;
    const score = cosineSimilarity(
      neighbours[id] ?? 0,
      hood?.occurrences ?? 0,
      context.neighbourhoods.get(id)?.occurrences ?? 0,
    );
    if (score <= 0) continue;
    candidates.push({
      itemId: id,
      score,
      reasons: [{ type: relation.name, itemId: query.itemId }],
      categories: item.categories,
      features: itemFeatures(item),
    });
  }
  if (context.profile)
    candidates = personalise(candidates, context.profile.state.affinity, deps.now(), deps.halfLifeMs);

  return toRecommendationResponse(diversify(candidates, query.limit), randomUUID());
}
