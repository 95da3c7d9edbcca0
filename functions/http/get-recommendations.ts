import { REPEATABLE_FILTERS } from "../../lib/schemas/list-filter.js";
import { forYouQuerySchema } from "../../lib/schemas/recommendation.js";
import { recommendForCustomer } from "../../lib/usecases/recommend-for-customer.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { lists } = appContext();

export const handler = authenticatedRoute(async (event, principal) =>
  json(
    200,
    await recommendForCustomer(principal, params(forYouQuerySchema, event, REPEATABLE_FILTERS), lists),
  ),
);
