import { parseOrThrow } from "../../lib/schemas/issues.js";
import { putOffersRequestSchema } from "../../lib/schemas/offer.js";
import { putOffers } from "../../lib/usecases/offers-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody } from "./request.js";

const { offersAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const body = parseOrThrow(putOffersRequestSchema, jsonBody(event));
  return json(200, await putOffers(principal, body.offers, offersAdmin));
});
