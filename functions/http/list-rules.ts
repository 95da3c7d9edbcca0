import { pageQuerySchema } from "../../lib/schemas/paging.js";
import { listRules } from "../../lib/usecases/rules-admin.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { rulesAdmin } = appContext();
const querySchema = pageQuerySchema("rules");

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await listRules(principal, params(querySchema, event), rulesAdmin)),
);
