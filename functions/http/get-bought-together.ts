import { BOUGHT_TOGETHER } from "../../lib/domain/co-occurrence.js";
import { boughtTogetherQuerySchema } from "../../lib/schemas/recommendation.js";
import { relatedItemsRoute } from "./related-items-route.js";

export const handler = relatedItemsRoute(BOUGHT_TOGETHER, boughtTogetherQuerySchema);
