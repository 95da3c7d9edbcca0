import type { IncomingMessage } from "node:http";
import type { HttpEvent } from "../../functions/http/request.js";
import { type RouteDefinition, routeKey } from "../../functions/http/routes.js";

/**
 * The event API Gateway (HTTP API, payload 2.0) hands a function for this request, with the claims its
 * JWT authorizer would have verified: what local mode passes the very same handlers.
 */
export function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  match: { route: RouteDefinition; pathParameters: Record<string, string> },
  body: Buffer,
  claims: Record<string, string> | undefined,
  requestId: string,
): HttpEvent {
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(",") : (v ?? ""),
    ]),
  );
  // API Gateway joins the values of a repeated parameter with commas.
  const joined = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const earlier = joined.get(name);
    joined.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  const query = Object.fromEntries(joined);
  const now = Date.now();
  const event = {
    version: "2.0",
    routeKey: routeKey(match.route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: url.host,
      domainPrefix: "local",
      http: {
        method: match.route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: routeKey(match.route),
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      authorizer: claims
        ? { principalId: "", integrationLatency: 0, jwt: { claims, scopes: [] } }
        : undefined,
    },
    body: body.length ? body.toString("utf8") : undefined,
    isBase64Encoded: false,
  };
  return event as HttpEvent;
}
