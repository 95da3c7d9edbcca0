import { getOffer } from "../../lib/usecases/offers-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { offerPathSchema } from "./offer-path.js";
import { params } from "./request.js";

const { offers } = appContext();

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await getOffer(principal, params(offerPathSchema, event).offerId, offers)),
);
