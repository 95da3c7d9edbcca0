import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { problemResponse } from "./problem.js";
import type { RouteDefinition } from "./routes.js";

/**
 * The one router of Kindred's own front doors (local mode's HTTP adapter and the function-URL front door):
 * method and path matched against route definitions the way API Gateway matches its routes, path
 * parameters percent-decoded once.
 */

/** API Gateway HTTP APIs refuse payloads over 10 MB before any function runs; Kindred's front doors too. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute<T> {
  entry: T;
  method: RouteDefinition["method"];
  names: string[];
  regex: RegExp;
}

/** Routes compiled once per process; `T` is whatever the caller serves a route with. */
export type CompiledRoutes<T> = readonly CompiledRoute<T>[];

export type Routed<T> =
  | { kind: "match"; entry: T; pathParameters: Record<string, string> }
  /** No route for the method: `pathExists` when another method has one (`allowed`, sorted as defined). */
  | { kind: "unmatched"; pathExists: boolean; allowed: string[] }
  /** The path matched, but the named parameter's percent-escapes are malformed or not UTF-8. */
  | { kind: "malformed"; parameter: string };

/** Compiles `entries` (each with its route definition, read by `routeOf`) for routeRequest. */
export function compileRoutes<T>(
  entries: readonly T[],
  routeOf: (entry: T) => RouteDefinition,
): CompiledRoutes<T> {
  return entries.map((entry) => {
    const route = routeOf(entry);
    const names: string[] = [];
    // A parameter is one whole segment, as in API Gateway: `{itemId}` never spans a `/`.
    const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { entry, method: route.method, names, regex: new RegExp(`^${pattern}$`) };
  });
}

/** Decodes a path segment; undefined when its escapes are malformed (`%`, `%E0%A4%A`) or not UTF-8. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The route `method` (upper case) and `pathname` (still percent-encoded) name, with its decoded parameters. */
export function routeRequest<T>(compiled: CompiledRoutes<T>, method: string, pathname: string): Routed<T> {
  let pathExists = false;
  const allowed: string[] = [];
  for (const c of compiled) {
    const m = c.regex.exec(pathname);
    if (!m) continue;
    pathExists = true;
    allowed.push(c.method);
    if (c.method !== method) continue;
    const pathParameters: Record<string, string> = {};
    for (const [i, name] of c.names.entries()) {
      const value = decodeSegment(m[i + 1] ?? "");
      if (value === undefined) return { kind: "malformed", parameter: name };
      pathParameters[name] = value;
    }
    return { kind: "match", entry: c.entry, pathParameters };
  }
  return { kind: "unmatched", pathExists, allowed: [...new Set(allowed)] };
}

/**
 * The answer to a request no route takes: 404 for an unknown path, 405 with `allow` (the path's methods
 * and `extraAllowed`) for a known path and another method, 400 naming a path parameter with a malformed escape.
 */
export function unroutedResponse(
  routed: Exclude<Routed<unknown>, { kind: "match" }>,
  method: string,
  pathname: string,
  extraAllowed: readonly string[] = [],
): APIGatewayProxyStructuredResultV2 {
  if (routed.kind === "malformed") {
    return problemResponse(400, "Invalid request", "The request path is not valid.", [
      { path: routed.parameter, message: "has a malformed percent-escape (or is not UTF-8)" },
    ]);
  }
  return problemResponse(
    routed.pathExists ? 405 : 404,
    routed.pathExists ? "Method not allowed" : "Not found",
    `No route for ${method} ${pathname}.`,
    undefined,
    undefined,
    { allow: [...routed.allowed, ...extraAllowed] },
  );
}

/** The answer to a body over MAX_BODY_BYTES. */
export const tooLargeResponse = (): APIGatewayProxyStructuredResultV2 =>
  problemResponse(413, "Payload too large", "The request body is too large.");
