import { deleteOffer } from "../../lib/usecases/offers-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, noContent } from "./http-handler.js";
import { offerPathSchema } from "./path-params.js";
import { params } from "./request.js";

const { offersAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { offerId } = params(offerPathSchema, event);
  await deleteOffer(principal, offerId, offersAdmin);
  return noContent();
});
