import type { LambdaFunctionURLEvent } from "aws-lambda";
import type { VerifiedClaims } from "../../lib/auth/token-verifier.js";
import type { HttpEvent } from "./request.js";
import { type RouteDefinition, routeKey } from "./routes.js";

/**
 * The event API Gateway (HTTP API, payload 2.0) would hand the route's function, made from the function
 * URL's event (the same payload 2.0 shape, routed to `$default`): the route's key, its decoded path
 * parameters, and the verified claims where each authorizer puts them — `authorizer.jwt.claims` for `jwt`
 * routes (the JWT authorizer), `authorizer.lambda` for `jwt-or-visitor` routes (Kindred's token authorizer),
 * none for `public` ones. Headers, query, body and `requestContext.http` (the caller's `sourceIp`) pass
 * through unchanged.
 */
export function toRouteEvent(
  event: LambdaFunctionURLEvent,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  claims: VerifiedClaims | undefined,
): HttpEvent {
  const key = routeKey(route);
  const authorizer =
    claims === undefined
      ? undefined
      : route.auth === "jwt-or-visitor"
        ? { lambda: claims }
        : { principalId: "", integrationLatency: 0, jwt: { claims, scopes: [] } };
  return {
    ...event,
    routeKey: key,
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    // Only what the front door verified: an `authorizer` already in the event is replaced, never kept.
    requestContext: { ...event.requestContext, routeKey: key, authorizer },
  } as HttpEvent;
}
