import { REPEATABLE_FILTERS } from "../../lib/schemas/list-filter.js";
import { trendingQuerySchema } from "../../lib/schemas/recommendation.js";
import { trending } from "../../lib/usecases/trending.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { lists } = appContext();

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await trending(principal, params(trendingQuerySchema, event, REPEATABLE_FILTERS), lists)),
);
