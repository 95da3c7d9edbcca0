import { type Principal, requireAnyScope, resolveCustomer } from "../auth/principal.js";
import { cosineSimilarity, type Relation } from "../domain/co-occurrence.js";
import { dict } from "../domain/dict.js";
import { audienceOf, isOffered } from "../domain/eligibility.js";
import { itemFeatures } from "../domain/item-features.js";
import { merchandising, namedOnly } from "../domain/merchandising.js";
import { personalProfile } from "../domain/preferences.js";
import { type Candidate, customerView, diversify, personalise, rotate } from "../domain/ranking.js";
import { NotFound } from "../errors.js";
import type { ListFilter } from "../schemas/list-filter.js";
import type { RecommendationResponse } from "../schemas/recommendation.js";
import { armFor, recordImpression } from "./experiment-arm.js";
import type { ListDeps } from "./list-deps.js";
import { servedList } from "./served-list.js";

export interface RelatedItemsQuery extends ListFilter {
  itemId: string;
  limit: number;
  customerId?: string | undefined;
}

/** Two BatchGets of ≤ 100 keys each: the item's row, then each candidate's entry and row (and a profile). */
const MAX_CANDIDATES = 49;

/**
 * "Shoppers who viewed this also viewed" and "bought together": the item's neighbours under the relation,
 * scored by cosine similarity so that globally popular items do not fill every list. With `customerId`,
 * re-ranked by that customer's interests and rotation, without what they bought or what is not sold in
 * their country. Unavailable or deleted items never appear. Business rules (also viewed: its own and `*`;
 * bought together: `*`) and the request's filters apply (merchandising.ts); items the rules name that are
 * no neighbours may only be pinned or promoted. Two round trips.
 */
export async function relatedItems(
  principal: Principal,
  relation: Relation,
  query: RelatedItemsQuery,
  deps: ListDeps,
): Promise<RecommendationResponse> {
  requireAnyScope(principal, "customer", "admin");
  const customerId =
    query.customerId === undefined ? undefined : resolveCustomer(principal, query.customerId);

  const alsoViewed = relation.name === "also_viewed";
  const seed = await deps.reads.read({
    itemIds: [query.itemId],
    neighbours: { relation, itemIds: [query.itemId] },
    placement: alsoViewed ? "also-viewed" : undefined,
    rules: alsoViewed ? "also-viewed" : "*",
  });
  // Who is assigned a variant: the customer the list is for, else the customer calling.
  const unit = customerId ?? (principal.scopes.has("customer") ? principal.subject : undefined);
  const arm = armFor(seed.running, unit, deps.strategy);
  const now = deps.now();
  const rules = merchandising(seed.rules, query, now, arm.strategy.rules);
  const hood = seed.neighbourhoods.get(query.itemId);
  const neighbours = hood?.neighbours ?? dict<number>();
  const neighbourIds = Object.keys(neighbours)
    .sort((a, b) => (neighbours[b] ?? 0) - (neighbours[a] ?? 0) || (a < b ? -1 : 1))
    .slice(0, MAX_CANDIDATES);

  // An item unknown to this process's projection may have joined the catalog since its last look: the
  // second round trip brings the projection up to date, and only then is the page's item missing.
  const seedKnown = seed.items.has(query.itemId);
  const [context] = await Promise.all([
    deps.reads.read({
      customerId,
      itemIds: [...neighbourIds, ...rules.named, query.itemId],
      // Only their occurrence counts are used (the cosine's norm): a row read within the cache's bound will do.
      neighbours: { relation, itemIds: neighbourIds, cachedOk: true },
    }),
    seedKnown ? recordImpression(deps.experiments, arm) : undefined,
  ]);
  if (!context.items.has(query.itemId)) throw new NotFound(`No item with id "${query.itemId}".`);
  if (!seedKnown) await recordImpression(deps.experiments, arm);
  const profile = context.profile?.state;
  const audience = audienceOf(profile, undefined);
  let candidates: Candidate[] = [];
  for (const id of neighbourIds) {
    const item = context.items.get(id);
    if (!item || !isOffered(item, audience) || !rules.admits(item)) continue;
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
  const personal = personalProfile(profile);
  if (personal) {
    candidates = personalise(candidates, customerView(personal, now, deps.halfLifeMs));
    candidates = rotate(candidates, personal.shown, arm.strategy.rotation, now);
  }
  const itemOf = (itemId: string) => context.items.get(itemId);
  candidates = rules.boost(candidates, itemOf);
  const page = diversify(candidates, query.limit, arm.strategy.diversity);
  // Never the item the page is about.
  const named = namedOnly(rules, candidates, context.items, audience).filter(
    (c) => c.itemId !== query.itemId,
  );
  const pool = [...candidates, ...named];
  return servedList(rules, { page, pool, limit: query.limit, itemOf }, arm, profile);
}
