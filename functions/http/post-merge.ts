import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";
import { mergeRequestSchema } from "../../lib/schemas/profile.js";
import { mergeCustomers } from "../../lib/usecases/merge-customers.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody, params } from "./request.js";

const { profiles, affinity, now } = appContext();
const pathSchema = z.object({ customerId: idSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(pathSchema, event);
  const { previousId } = parseOrThrow(mergeRequestSchema, jsonBody(event));
  return json(200, await mergeCustomers(principal, customerId, previousId, { profiles, affinity, now }));
});
