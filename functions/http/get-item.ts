import { getItem } from "../../lib/usecases/catalog.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { itemPathSchema } from "./path-params.js";
import { params } from "./request.js";

const { catalog } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { itemId } = params(itemPathSchema, event);
  return json(200, await getItem(principal, itemId, catalog));
});
