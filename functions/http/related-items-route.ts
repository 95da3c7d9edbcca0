import type { z } from "zod";
import type { Relation } from "../../lib/domain/co-occurrence.js";
import { REPEATABLE_FILTERS } from "../../lib/schemas/list-filter.js";
import { type RelatedItemsQuery, relatedItems } from "../../lib/usecases/related-items.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

/** A GET route serving an item's neighbours under one co-occurrence relation. */
export function relatedItemsRoute(relation: Relation, querySchema: z.ZodType<RelatedItemsQuery>) {
  const { lists } = appContext();
  return authenticatedRoute(async (event, principal) => {
    const query = params(querySchema, event, REPEATABLE_FILTERS);
    return json(200, await relatedItems(principal, relation, query, lists));
  });
}
