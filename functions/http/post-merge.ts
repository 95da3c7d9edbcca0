import { parseOrThrow } from "../../lib/schemas/issues.js";
import { mergeRequestSchema } from "../../lib/schemas/profile.js";
import { mergeCustomers } from "../../lib/usecases/merge-customers.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { customerPathSchema } from "./path-params.js";
import { jsonBody, params } from "./request.js";

const { customers } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(customerPathSchema, event);
  const { previousId } = parseOrThrow(mergeRequestSchema, jsonBody(event));
  return json(200, await mergeCustomers(principal, customerId, previousId, customers));
});
