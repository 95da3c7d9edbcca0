import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { internalError, problemResponse } from "../../functions/http/problem.js";
import type { HttpEvent } from "../../functions/http/request.js";
import {
  compileRoutes,
  MAX_BODY_BYTES,
  routeRequest,
  tooLargeResponse,
  unroutedResponse,
} from "../../functions/http/router.js";
import type { RouteDefinition } from "../../functions/http/routes.js";
import { toApiGatewayEvent } from "./api-gateway-event.js";
import { corsHeaders, preflight } from "./cors.js";
import { type LocalAsset, type LocalExtras, localExtras } from "./local-extras.js";
import { verifyToken } from "./local-tokens.js";

export type HttpHandler = (event: HttpEvent) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LoadedRoute {
  route: RouteDefinition;
  handler: HttpHandler;
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Writes `result` with the request's id as `x-request-id`, as every Kindred response carries it, and the
 * CORS headers that let a page of any origin read it (local mode answers every origin).
 */
function send(res: ServerResponse, requestId: string, result: APIGatewayProxyStructuredResultV2): void {
  const headers = {
    ...(result.headers ?? {}),
    ...corsHeaders(res.req),
    "x-request-id": requestId,
  } as Record<string, string>;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body ?? "");
}

/** A static file's answer: cached by nobody (it is rebuilt at each start), with the asset's own headers. */
function sendAsset(res: ServerResponse, requestId: string, file: LocalAsset): void {
  res.writeHead(200, {
    ...(file.headers ?? {}),
    "content-type": file.contentType,
    "cache-control": "no-cache",
    ...corsHeaders(res.req),
    "x-request-id": requestId,
  });
  res.end(file.body);
}

const bearerOf = (req: IncomingMessage) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];

/** The request's verified token claims, as the JWT authorizer would check them; undefined if none or invalid. */
async function claimsOf(req: IncomingMessage, jwtSecret: string) {
  const token = bearerOf(req);
  return token ? await verifyToken(jwtSecret, token) : undefined;
}

function unauthenticated(req: IncomingMessage): APIGatewayProxyStructuredResultV2 {
  return problemResponse(
    401,
    "Authentication required",
    bearerOf(req)
      ? // Locally the usual cause is a token made for another data directory: say so.
        "The bearer token is not valid here: it is expired, malformed, or signed with another secret. Local tokens are signed with the secret of one data directory (KINDRED_DATA_DIR, default .kindred) or KINDRED_JWT_SECRET: run npm run token with the same settings as npm start."
      : "A bearer token is required: Authorization: Bearer <token>.",
  );
}

/** A request id shaped like API Gateway's `requestContext.requestId` (16 characters, e.g. `JlHn7iDuoAMEbAg=`). */
const newRequestId = () => `${randomBytes(11).toString("base64url")}=`;

/**
 * The path as the client sent it, escapes and dot segments untouched (`/v1/items/%2E%2E` names the id `..`):
 * what a function URL hands the front door as `rawPath`. URL parsing would resolve `%2E%2E` and read `//v1`
 * as a host; only a request in absolute form (`GET http://host/path`) is taken from the parsed URL.
 */
function rawPathOf(target: string | undefined, url: URL): string {
  if (!target?.startsWith("/")) return url.pathname;
  return target.split(/[?#]/, 1)[0] ?? "/";
}

function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    return undefined;
  }
}

/**
 * Plays API Gateway (HTTP API, payload v2) for the local server: gives each request an id (sent back as
 * `x-request-id`), routes it, decodes path parameters (a malformed escape is a 400 naming the parameter),
 * checks the bearer token like the JWT authorizer, and invokes the same handler module that Lambda would.
 * A fault of its own is a 500 logged with the request id and the error's name, like a handler's.
 * Answers CORS preflights for any origin. Listens on `host` (default 127.0.0.1; `0.0.0.0` or `::` for every
 * interface) at `port` (0: a free one); `url` is where this machine reaches it. `extras.assets` are
 * files served by path for GET (local mode's `/tracker.js` and `/console`), built on first request;
 * `extras.adminRoutes` are local mode's own routes, for admin tokens only.
 */
export async function startHttpAdapter(
  routes: readonly LoadedRoute[],
  jwtSecret: string,
  port: number,
  host = "127.0.0.1",
  extras: LocalExtras = {},
) {
  const answerExtra = localExtras(extras);
  const compiled = compileRoutes(routes, (loaded) => loaded.route);
  const server: Server = createServer(async (req, res) => {
    const requestId = newRequestId();
    try {
      const url = parseTarget(req.url);
      if (!url) {
        return send(
          res,
          requestId,
          problemResponse(400, "Invalid request", "The request target is not a valid URL."),
        );
      }
      const method = (req.method ?? "GET").toUpperCase();
      // Answered for any path, as API Gateway's CORS configuration does, before routing or tokens.
      if (method === "OPTIONS") return preflight(res, requestId);
      const extra =
        method === "GET"
          ? await answerExtra(url, {
              claims: () => claimsOf(req, jwtSecret),
              unauthenticated: () => unauthenticated(req),
            })
          : undefined;
      if (extra?.kind === "asset") return sendAsset(res, requestId, extra.file);
      if (extra?.kind === "answer") return send(res, requestId, extra.result);
      const path = rawPathOf(req.url, url);
      const routed = routeRequest(compiled, method, path);
      // OPTIONS is answered for every path (CORS preflights, above).
      if (routed.kind !== "match")
        return send(res, requestId, unroutedResponse(routed, method, path, ["OPTIONS"]));
      const match = { loaded: routed.entry, pathParameters: routed.pathParameters };

      let claims: Record<string, string> | undefined;
      // Locally one secret signs every token, visitor tokens included, so every non-public route checks alike
      // (a visitor's token on a route a customer token may not call: the handler's 403).
      if (match.loaded.route.auth !== "public") {
        claims = await claimsOf(req, jwtSecret);
        if (!claims) return send(res, requestId, unauthenticated(req));
      }

      const body = await readBody(req);
      if (body === "too-large") return send(res, requestId, tooLargeResponse());
      const event = toApiGatewayEvent(
        req,
        url,
        { route: match.loaded.route, pathParameters: match.pathParameters },
        body,
        claims,
        requestId,
      );
      send(res, requestId, await match.loaded.handler(event));
    } catch (error) {
      send(res, requestId, internalError(error, requestId));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${reachableHost(host)}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** How this machine reaches a server listening on `host`: the loopback for "every interface". */
function reachableHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
