import type { IncomingMessage, ServerResponse } from "node:http";

/** Request headers a page may send: the token, the JSON body's type, and its own request id. */
export const CORS_ALLOW_HEADERS = "authorization, content-type, x-request-id";
/** Response headers a page may read besides the safelisted ones: the request id, and when to retry. */
export const CORS_EXPOSE_HEADERS = "x-request-id, retry-after";

/**
 * Every origin may call the local server. The origin is echoed rather than `*` so that a page that sends
 * credentials is answered too; `Vary: Origin` keeps caches from handing one origin's answer to another.
 */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    "access-control-allow-origin": origin ?? "*",
    "access-control-expose-headers": CORS_EXPOSE_HEADERS,
    vary: "Origin",
  };
}

/** A CORS preflight's answer: any origin, Kindred's methods and request headers, cached for 10 minutes. */
export function preflight(res: ServerResponse, requestId: string): void {
  res.writeHead(204, {
    ...corsHeaders(res.req),
    "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
    "access-control-allow-headers": CORS_ALLOW_HEADERS,
    "access-control-max-age": "600",
    "x-request-id": requestId,
  });
  res.end();
}
