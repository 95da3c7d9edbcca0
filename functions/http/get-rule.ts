import { getRule } from "../../lib/usecases/rules-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";
import { rulePathSchema } from "./rule-path.js";

const { rules, now } = appContext();

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await getRule(principal, params(rulePathSchema, event).ruleId, { rules, now })),
);
