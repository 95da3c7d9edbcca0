import { deleteRule } from "../../lib/usecases/rules-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, noContent } from "./http-handler.js";
import { params } from "./request.js";
import { rulePathSchema } from "./rule-path.js";

const { rules, now } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  await deleteRule(principal, params(rulePathSchema, event).ruleId, { rules, now });
  return noContent();
});
