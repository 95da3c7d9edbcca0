import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { problemResponse } from "../../functions/http/problem.js";
import type { HttpEvent } from "../../functions/http/request.js";
import { type RouteDefinition, routeKey } from "../../functions/http/routes.js";
import { verifyToken } from "./local-tokens.js";

export type HttpHandler = (event: HttpEvent) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LoadedRoute {
  route: RouteDefinition;
  handler: HttpHandler;
}

/** API Gateway HTTP APIs refuse payloads over 10 MB before any function runs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface Match {
  loaded: LoadedRoute;
  pathParameters: Record<string, string>;
}

function compile(routes: readonly LoadedRoute[]) {
  return routes.map((loaded) => {
    const names: string[] = [];
    const pattern = loaded.route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { loaded, names, regex: new RegExp(`^${pattern}$`) };
  });
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

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers = { ...(result.headers ?? {}) } as Record<string, string>;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body ?? "");
}

/**
 * Plays API Gateway (HTTP API, payload v2) for the local server: routes a request, checks the bearer token
 * like the JWT authorizer, and invokes the same handler module that Lambda would.
 */
export async function startHttpAdapter(routes: readonly LoadedRoute[], jwtSecret: string, port: number) {
  const compiled = compile(routes);
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const method = (req.method ?? "GET").toUpperCase();
      let match: Match | undefined;
      let pathExists = false;
      for (const c of compiled) {
        const m = c.regex.exec(url.pathname);
        if (!m) continue;
        pathExists = true;
        if (c.loaded.route.method !== method) continue;
        const pathParameters = Object.fromEntries(
          c.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]),
        );
        match = { loaded: c.loaded, pathParameters };
        break;
      }
      if (!match) {
        return send(
          res,
          problemResponse(
            pathExists ? 405 : 404,
            pathExists ? "Method not allowed" : "Not found",
            `No route for ${method} ${url.pathname}.`,
          ),
        );
      }

      let claims: Record<string, string> | undefined;
      if (match.loaded.route.auth === "jwt") {
        const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
        claims = token ? await verifyToken(jwtSecret, token) : undefined;
        if (!claims)
          return send(
            res,
            problemResponse(401, "Authentication required", "A valid bearer token is required."),
          );
      }

      const body = await readBody(req);
      if (body === "too-large")
        return send(res, problemResponse(413, "Payload too large", "The request body is too large."));
      const event = toApiGatewayEvent(req, url, match, body, claims);
      send(res, await match.loaded.handler(event));
    } catch {
      send(res, problemResponse(500, "Internal error", "Something went wrong on our side."));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  match: Match,
  body: Buffer,
  claims: Record<string, string> | undefined,
): HttpEvent {
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(",") : (v ?? ""),
    ]),
  );
  const query = Object.fromEntries(url.searchParams);
  const now = Date.now();
  const event = {
    version: "2.0",
    routeKey: routeKey(match.loaded.route),
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
        method: match.loaded.route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: routeKey(match.loaded.route),
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
