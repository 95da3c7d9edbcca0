import { pageQuerySchema } from "../../lib/schemas/paging.js";
import { listOffers } from "../../lib/usecases/offers-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { offersAdmin } = appContext();
const querySchema = pageQuerySchema("offers");

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await listOffers(principal, params(querySchema, event), offersAdmin)),
);
