import { deleteRule } from "../../lib/usecases/rules-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, noContent } from "./http-handler.js";
import { rulePathSchema } from "./path-params.js";
import { params } from "./request.js";

const { rulesAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { ruleId } = params(rulePathSchema, event);
  await deleteRule(principal, ruleId, rulesAdmin);
  return noContent();
});
