import { alsoViewedQuerySchema } from "../../lib/schemas/recommendation.js";
import { alsoViewed } from "../../lib/usecases/also-viewed.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { recommendationReads: reads, affinity, now } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const query = params(alsoViewedQuerySchema, event);
  return json(200, await alsoViewed(principal, query, { reads, halfLifeMs: affinity.halfLifeMs, now }));
});
