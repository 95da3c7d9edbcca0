import type { Principal } from "../../lib/auth/principal.js";
import { ALSO_VIEWED } from "../../lib/domain/co-occurrence.js";
import type { ListDeps } from "../../lib/usecases/list-deps.js";
import { rankItems } from "../../lib/usecases/rank-items.js";
import { recommendForCustomer } from "../../lib/usecases/recommend-for-customer.js";
import { relatedItems } from "../../lib/usecases/related-items.js";
import { trending } from "../../lib/usecases/trending.js";
import { K } from "./metrics.js";

/**
 * Kindred's lists exactly as the API serves them: the real use cases over the replayed store, a page of K,
 * nothing removed or re-ordered here. The evaluator calls as an admin so that one principal can ask for
 * any customer's list (what a customer's own token would get is the same list).
 */
const admin: Principal = { subject: "eval", scopes: new Set(["admin"]) };

const ids = (response: { items: readonly { itemId: string }[] }) => response.items.map((i) => i.itemId);

/** GET /v1/customers/{id}/recommendations: "recommended for you". */
export async function forYou(deps: ListDeps, customerId: string): Promise<string[]> {
  return ids(await recommendForCustomer(admin, { customerId, limit: K }, deps));
}

/** GET /v1/items/{id}/also-viewed, anonymous or with `customerId` (re-ranked for them, purchases left out). */
export async function alsoViewed(deps: ListDeps, itemId: string, customerId?: string): Promise<string[]> {
  return ids(
    await relatedItems(admin, ALSO_VIEWED, { itemId, limit: K, ...(customerId ? { customerId } : {}) }, deps),
  );
}

/** POST /v1/customers/{id}/rank: the candidates in the caller's order, the top K back. */
export async function rank(
  deps: ListDeps,
  customerId: string,
  candidates: readonly string[],
): Promise<string[]> {
  return ids(
    await rankItems(admin, customerId, { items: candidates.map((itemId) => ({ itemId })), limit: K }, deps),
  );
}

/** GET /v1/trending, everywhere and every category: one list for everyone. */
export async function trendingEverywhere(deps: ListDeps): Promise<string[]> {
  return ids(await trending(admin, { limit: K }, deps));
}
