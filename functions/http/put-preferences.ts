import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";
import { preferencesSchema } from "../../lib/schemas/preferences.js";
import { setPreferences } from "../../lib/usecases/set-preferences.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody, params } from "./request.js";

const { profiles, now } = appContext();
const pathSchema = z.object({ customerId: idSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(pathSchema, event);
  const preferences = parseOrThrow(preferencesSchema, jsonBody(event));
  return json(200, await setPreferences(principal, customerId, preferences, { profiles, now }));
});
