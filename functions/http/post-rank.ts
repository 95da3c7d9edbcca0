import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { parseRankRequest } from "../../lib/schemas/rank-request.js";
import { rankItems } from "../../lib/usecases/rank-items.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody, params } from "./request.js";

const { lists } = appContext();
const pathSchema = z.object({ customerId: idSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(pathSchema, event);
  const body = parseRankRequest(jsonBody(event));
  return json(200, await rankItems(principal, customerId, body, lists));
});
