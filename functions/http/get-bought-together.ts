import { BOUGHT_TOGETHER } from "../../lib/domain/co-occurrence.js";
import { boughtTogetherQuerySchema } from "../../lib/schemas/recommendation.js";
import { relatedItems } from "../../lib/usecases/related-items.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { recommendationReads: reads, affinity, now } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const query = params(boughtTogetherQuerySchema, event);
  return json(
    200,
    await relatedItems(principal, BOUGHT_TOGETHER, query, { reads, halfLifeMs: affinity.halfLifeMs, now }),
  );
});
