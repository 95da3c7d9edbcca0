import { parseOrThrow } from "../../lib/schemas/issues.js";
import { ruleRequestSchema } from "../../lib/schemas/rule.js";
import { putRule } from "../../lib/usecases/rules-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { rulePathSchema } from "./path-params.js";
import { jsonBody, params } from "./request.js";

const { rulesAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { ruleId } = params(rulePathSchema, event);
  const request = parseOrThrow(ruleRequestSchema, jsonBody(event));
  return json(200, await putRule(principal, ruleId, request, rulesAdmin));
});
