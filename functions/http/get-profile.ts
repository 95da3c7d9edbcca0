import { getProfile } from "../../lib/usecases/get-profile.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { customerPathSchema } from "./path-params.js";
import { params } from "./request.js";

const { customers } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(customerPathSchema, event);
  return json(200, await getProfile(principal, customerId, customers));
});
