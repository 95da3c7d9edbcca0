import type { ItemLookup, Merchandising } from "../domain/merchandising.js";
import type { ProfileState } from "../domain/profile-state.js";
import { asServedTo, type Candidate, toRecommendationResponse } from "../domain/ranking.js";
import type { RecommendationResponse } from "../schemas/recommendation.js";
import { type Arm, withTag } from "./experiment-arm.js";

/** A list's ranked page, what the business rules may place on it from, and how to look its items up. */
export interface RankedPage {
  page: readonly Candidate[];
  pool: readonly Candidate[];
  limit: number;
  itemOf: ItemLookup;
}

/**
 * How every list ends: the business rules place their items on the ranked page, the page says so when
 * the customer switched personalization off, and the response carries the arm's id and experiment tag.
 */
export function servedList(
  rules: Merchandising,
  { page, pool, limit, itemOf }: RankedPage,
  arm: Arm,
  profile?: ProfileState,
): RecommendationResponse {
  const shown = asServedTo(rules.place(page, pool, limit, itemOf), profile);
  return withTag(toRecommendationResponse(shown, arm.recommendationId), arm);
}
