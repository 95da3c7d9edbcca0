import type { APIGatewayProxyStructuredResultV2, Context, LambdaFunctionURLEvent } from "aws-lambda";
import { verifyBearer } from "../../lib/auth/token-verifier.js";
import { VISITOR_ISSUER } from "../../lib/auth/visitor-tokens.js";
import { tokenVerification } from "../auth/token-verification.js";
import { toRouteEvent } from "./front-door-event.js";
import { internalError, problemResponse } from "./problem.js";
import { ROUTE_MODULES, type RouteModule } from "./route-modules.js";
import { compileRoutes, MAX_BODY_BYTES, routeRequest, tooLargeResponse, unroutedResponse } from "./router.js";
import { ROUTES } from "./routes.js";

/**
 * The function-URL front door (construct prop `frontDoor: "function-url"`): one function behind a Lambda
 * function URL that does what API Gateway does in front of the route functions — routes every entry of
 * ROUTES (functions/http/router.ts, as local mode does), checks tokens as its authorizers do
 * (lib/auth/token-verifier.ts; a visitor token on a route a customer token may not call is a 403, as in local
 * mode, where API Gateway's JWT authorizer answers 401), refuses bodies over API Gateway's limit — and
 * invokes the route's own handler module.
 * Every answer, its own included, carries the request's id as `x-request-id`.
 */
const tokens = tokenVerification(process.env);

const compiled = compileRoutes(ROUTES, (route) => route);
const loaded = new Map<string, Promise<RouteModule>>();

/** The route's handler module, imported once per container on its first request. */
function moduleOf(handlerName: string): Promise<RouteModule> {
  const load = ROUTE_MODULES[handlerName];
  if (!load) throw new Error(`No handler module for ${handlerName}`);
  let module = loaded.get(handlerName);
  if (!module) {
    // A failed import is not kept: the next request tries again.
    module = load().catch((error: unknown) => {
      loaded.delete(handlerName);
      throw error;
    });
    loaded.set(handlerName, module);
  }
  return module;
}

const bodyBytes = (event: LambdaFunctionURLEvent) =>
  event.body === undefined
    ? 0
    : event.isBase64Encoded
      ? Buffer.from(event.body, "base64").length
      : Buffer.byteLength(event.body, "utf8");

function unauthenticated(authorization: string | undefined): APIGatewayProxyStructuredResultV2 {
  return problemResponse(
    401,
    "Authentication required",
    authorization
      ? "The bearer token is not valid for this route: it is expired, malformed, or not from an accepted issuer."
      : "A bearer token is required: Authorization: Bearer <token>.",
  );
}

function visitorRefused(): APIGatewayProxyStructuredResultV2 {
  return problemResponse(
    403,
    "Forbidden",
    "A visitor token may call only the routes a customer token may call (its own events, lists and profile).",
  );
}

async function answer(event: LambdaFunctionURLEvent, context: Context) {
  const method = event.requestContext.http.method.toUpperCase();
  // A function URL hands the path still percent-encoded (an HTTP API decodes it first), so the router
  // decodes each parameter once, as in local mode, and a malformed escape is the caller's 400.
  const routed = routeRequest(compiled, method, event.rawPath);
  if (routed.kind !== "match") return unroutedResponse(routed, method, event.rawPath);
  const route = routed.entry;
  let claims: Record<string, string> | undefined;
  if (route.auth !== "public") {
    const authorization = event.headers?.authorization;
    claims = await verifyBearer(authorization, tokens);
    if (!claims) return unauthenticated(authorization);
    // A valid visitor token where a customer token may not go: the contract's 403, as local mode answers.
    if (route.auth === "jwt" && claims.iss === VISITOR_ISSUER) return visitorRefused();
  }
  if (bodyBytes(event) > MAX_BODY_BYTES) return tooLargeResponse();
  const { handler } = await moduleOf(route.handler);
  return handler(toRouteEvent(event, route, routed.pathParameters, claims), context);
}

/**
 * The function URL's handler (payload 2.0, invoke mode BUFFERED).
 * @returns the route's answer; 404, 405 (`allow`) or 400 (a malformed path escape) when no route takes the
 * request; 401 problem+json for a missing or refused token, 403 for a visitor token where a customer token
 * may not go; 413 past MAX_BODY_BYTES; an opaque 500, logged
 * with the request id and the error's name, when the front door itself fails (keys that cannot be fetched,
 * a module that cannot load).
 */
export const handler = async (
  event: LambdaFunctionURLEvent,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const requestId = event.requestContext.requestId;
  let result: APIGatewayProxyStructuredResultV2;
  try {
    result = await answer(event, context);
  } catch (error) {
    result = internalError(error, requestId);
  }
  return { ...result, headers: { ...result.headers, "x-request-id": requestId } };
};
