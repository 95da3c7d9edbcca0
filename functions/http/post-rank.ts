import { parseRankRequest } from "../../lib/schemas/rank-request.js";
import { rankItems } from "../../lib/usecases/rank-items.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { customerPathSchema } from "./path-params.js";
import { jsonBody, params } from "./request.js";

const { lists } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(customerPathSchema, event);
  const body = parseRankRequest(jsonBody(event));
  return json(200, await rankItems(principal, customerId, body, lists));
});
