import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { problemResponse } from "../../functions/http/problem.js";
import { grantedScopes } from "../../lib/auth/principal.js";

/** A static file local mode serves (the tracker, the console's page and bundle), built on first request. */
export interface LocalAsset {
  contentType: string;
  body: string | Uint8Array;
  /** Extra response headers (the console page's content security policy). */
  headers?: Record<string, string>;
}

/**
 * A route of local mode only, not part of the API (no Lambda, not in the OpenAPI document): admin tokens
 * only, GET only. The console's live events view reads one.
 */
export type AdminOnlyRoute = (url: URL) => Promise<APIGatewayProxyStructuredResultV2>;

/** What local mode serves beside the API's routes. */
export interface LocalExtras {
  /** Static files by path, for GET. */
  assets?: Readonly<Record<string, () => Promise<LocalAsset>>>;
  /** Local-only admin routes by path, for GET. */
  adminRoutes?: Readonly<Record<string, AdminOnlyRoute>>;
}

/** What the adapter knows of the request for an admin-only route: its verified claims, and the 401 to give. */
export interface ExtraRequest {
  claims(): Promise<Record<string, string> | undefined>;
  unauthenticated(): APIGatewayProxyStructuredResultV2;
}

export type ExtraAnswer =
  | { kind: "asset"; file: LocalAsset }
  | { kind: "answer"; result: APIGatewayProxyStructuredResultV2 };

/**
 * Local mode's own answers to a GET beside the API's routes: a built file (built on first request; a failed
 * build is tried again on the next request rather than remembered), or an admin-only route (401 without a
 * valid token, 403 without the admin scope). Undefined when the path is neither.
 */
export function localExtras(
  extras: LocalExtras,
): (url: URL, request: ExtraRequest) => Promise<ExtraAnswer | undefined> {
  const assets = extras.assets ?? {};
  const adminRoutes = extras.adminRoutes ?? {};
  const built = new Map<string, Promise<LocalAsset>>();
  return async (url, request) => {
    const asset = Object.hasOwn(assets, url.pathname) ? assets[url.pathname] : undefined;
    if (asset) {
      let pending = built.get(url.pathname);
      if (!pending) {
        pending = asset();
        built.set(url.pathname, pending);
        pending.catch(() => built.delete(url.pathname));
      }
      return { kind: "asset", file: await pending };
    }
    const adminRoute = Object.hasOwn(adminRoutes, url.pathname) ? adminRoutes[url.pathname] : undefined;
    if (!adminRoute) return undefined;
    const claims = await request.claims();
    if (!claims) return { kind: "answer", result: request.unauthenticated() };
    // The same reading of scopes as the API's (`kindred/admin` from Cognito is admin too).
    if (!grantedScopes(claims.scope ?? "").has("admin")) {
      return {
        kind: "answer",
        result: problemResponse(403, "Forbidden", "Only an admin token may read this local-mode route."),
      };
    }
    return { kind: "answer", result: await adminRoute(url) };
  };
}
