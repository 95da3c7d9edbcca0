import { parseOrThrow } from "../../lib/schemas/issues.js";
import { putItemsRequestSchema } from "../../lib/schemas/item.js";
import { upsertItems } from "../../lib/usecases/catalog.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody } from "./request.js";

const { catalog } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { items } = parseOrThrow(putItemsRequestSchema, jsonBody(event));
  return json(200, await upsertItems(principal, items, catalog));
});
