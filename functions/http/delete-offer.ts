import { deleteOffer } from "../../lib/usecases/offers-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, noContent } from "./http-handler.js";
import { offerPathSchema } from "./offer-path.js";
import { params } from "./request.js";

const { offers } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  await deleteOffer(principal, params(offerPathSchema, event).offerId, offers);
  return noContent();
});
