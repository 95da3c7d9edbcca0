import { getRule } from "../../lib/usecases/rules-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { rulePathSchema } from "./path-params.js";
import { params } from "./request.js";

const { rulesAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { ruleId } = params(rulePathSchema, event);
  return json(200, await getRule(principal, ruleId, rulesAdmin));
});
