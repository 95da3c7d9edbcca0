import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { HttpEvent } from "./request.js";

/** What every route's module exports: the handler API Gateway (or a front door) invokes. */
export interface RouteModule {
  handler: (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
}

/**
 * Every route's handler module by its name in ROUTES, loaded on first use. Written out (not built from the
 * names) so that esbuild bundles each module into the front door, and so that a module, with the clients
 * and caches it sets up at load, initialises only in a container that serves its route.
 */
export const ROUTE_MODULES: Readonly<Record<string, () => Promise<RouteModule>>> = {
  health: () => import("./health.js"),
  openapi: () => import("./openapi.js"),
  "post-visitors": () => import("./post-visitors.js"),
  "post-events": () => import("./post-events.js"),
  "put-items": () => import("./put-items.js"),
  "list-items": () => import("./list-items.js"),
  "get-item": () => import("./get-item.js"),
  "delete-item": () => import("./delete-item.js"),
  "get-also-viewed": () => import("./get-also-viewed.js"),
  "get-bought-together": () => import("./get-bought-together.js"),
  "get-trending": () => import("./get-trending.js"),
  "get-recommendations": () => import("./get-recommendations.js"),
  "post-rank": () => import("./post-rank.js"),
  "get-profile": () => import("./get-profile.js"),
  "put-preferences": () => import("./put-preferences.js"),
  "delete-customer": () => import("./delete-customer.js"),
  "post-merge": () => import("./post-merge.js"),
  "put-offers": () => import("./put-offers.js"),
  "list-offers": () => import("./list-offers.js"),
  "get-offer": () => import("./get-offer.js"),
  "delete-offer": () => import("./delete-offer.js"),
  "get-customer-offers": () => import("./get-customer-offers.js"),
  "post-next-message": () => import("./post-next-message.js"),
  "post-next-messages": () => import("./post-next-messages.js"),
  "put-experiment": () => import("./put-experiment.js"),
  "list-experiments": () => import("./list-experiments.js"),
  "get-experiment": () => import("./get-experiment.js"),
  "get-experiment-results": () => import("./get-experiment-results.js"),
  "put-rule": () => import("./put-rule.js"),
  "list-rules": () => import("./list-rules.js"),
  "get-rule": () => import("./get-rule.js"),
  "delete-rule": () => import("./delete-rule.js"),
};
