import { customerOffersQuerySchema } from "../../lib/schemas/offer.js";
import { customerOffers } from "../../lib/usecases/customer-offers.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { customerOffers: deps } = appContext();

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await customerOffers(principal, params(customerOffersQuerySchema, event), deps)),
);
