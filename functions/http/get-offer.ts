import { getOffer } from "../../lib/usecases/offers-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { offerPathSchema } from "./path-params.js";
import { params } from "./request.js";

const { offersAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { offerId } = params(offerPathSchema, event);
  return json(200, await getOffer(principal, offerId, offersAdmin));
});
