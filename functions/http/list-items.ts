import { pageQuerySchema } from "../../lib/schemas/paging.js";
import { listItems } from "../../lib/usecases/catalog.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { catalog } = appContext();
const querySchema = pageQuerySchema("items");

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await listItems(principal, params(querySchema, event), catalog)),
);
