import { parseOrThrow } from "../../lib/schemas/issues.js";
import { preferencesSchema } from "../../lib/schemas/preferences.js";
import { setPreferences } from "../../lib/usecases/set-preferences.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { customerPathSchema } from "./path-params.js";
import { jsonBody, params } from "./request.js";

const { customers } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(customerPathSchema, event);
  const preferences = parseOrThrow(preferencesSchema, jsonBody(event));
  return json(200, await setPreferences(principal, customerId, preferences, customers));
});
