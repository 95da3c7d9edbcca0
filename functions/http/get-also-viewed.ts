import { ALSO_VIEWED } from "../../lib/domain/co-occurrence.js";
import { alsoViewedQuerySchema } from "../../lib/schemas/recommendation.js";
import { relatedItemsRoute } from "./related-items-route.js";

export const handler = relatedItemsRoute(ALSO_VIEWED, alsoViewedQuerySchema);
