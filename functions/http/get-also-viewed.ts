import { ALSO_VIEWED } from "../../lib/domain/co-occurrence.js";
import { alsoViewedQuerySchema } from "../../lib/schemas/recommendation.js";
import { relatedItems } from "../../lib/usecases/related-items.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { recommendationReads: reads, affinity, now } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const query = params(alsoViewedQuerySchema, event);
  return json(
    200,
    await relatedItems(principal, ALSO_VIEWED, query, { reads, halfLifeMs: affinity.halfLifeMs, now }),
  );
});
