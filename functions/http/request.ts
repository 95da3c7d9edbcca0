import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { z } from "zod";
import { grantedScopes, type Principal } from "../../lib/auth/principal.js";
import { InvalidInput, PayloadTooLarge, Unauthenticated, UnsupportedMediaType } from "../../lib/errors.js";
import { customerIdSchema } from "../../lib/schemas/common.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

const claimsSchema = z.object({
  // Compared with customer ids in paths and bodies, so normalised the same way; never the alias `me`.
  sub: customerIdSchema,
  scope: z.string().default(""),
  exp: z.union([z.string().min(1), z.number()]),
});

/**
 * The verified caller. In AWS, API Gateway's JWT authorizer has checked signature, issuer, audience and
 * expiry before the function runs; locally the HTTP adapter does the same and fills in the same fields.
 * A token must carry `sub` and `exp`; its `scope` is split on single spaces only (see grantedScopes).
 * @throws Unauthenticated when the claims lack a usable `sub` or an `exp`.
 */
export function principalOf(event: HttpEvent): Principal {
  const authorizer = event.requestContext.authorizer as
    | (HttpEvent["requestContext"]["authorizer"] & { lambda?: Record<string, unknown> })
    | undefined;
  // Routes visitor tokens may call sit behind Kindred's own authorizer, whose claims arrive as `lambda`.
  const fromLambda = authorizer?.lambda;
  const parsed = claimsSchema.safeParse(fromLambda ?? authorizer?.jwt?.claims);
  if (!parsed.success) throw new Unauthenticated("A valid bearer token is required.");
  // API Gateway may answer from its cache of that authorizer's decisions: the token must still be valid now.
  if (fromLambda && !(Number(parsed.data.exp) * 1000 > Date.now())) {
    throw new Unauthenticated("A valid bearer token is required.");
  }
  return { subject: parsed.data.sub, scopes: grantedScopes(parsed.data.scope) };
}

/**
 * Whether a Content-Type header names JSON: `application/json`, in any case, with any parameters, as long
 * as a `charset` parameter (if any) says UTF-8, the only encoding Kindred reads.
 */
function isJsonMediaType(contentType: string | undefined): boolean {
  const [type, ...parameters] = (contentType ?? "").split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json") return false;
  return parameters.every((parameter) => {
    const [name, value = ""] = parameter.split("=", 2).map((p) => p.trim());
    return name !== "charset" || value.replace(/^"(.*)"$/, "$1") === "utf-8";
  });
}

/**
 * Reads a JSON body no larger than `maxBytes`.
 * @throws InvalidInput when the body is missing or is not JSON; UnsupportedMediaType when it is declared as
 * anything but `application/json` (see isJsonMediaType); PayloadTooLarge past `maxBytes`.
 */
export function jsonBody(event: HttpEvent, maxBytes = 1024 * 1024): unknown {
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (text.trim() === "") throw new InvalidInput([{ path: "(body)", message: "a JSON body is required" }]);
  if (!isJsonMediaType(event.headers?.["content-type"])) {
    throw new UnsupportedMediaType('The request body must be sent as "content-type: application/json".');
  }
  if (Buffer.byteLength(text, "utf8") > maxBytes) {
    throw new PayloadTooLarge(`The request body must be at most ${maxBytes} bytes.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput([{ path: "(body)", message: "the body is not valid JSON" }]);
  }
}

/**
 * Parses path and query parameters with `schema`; a path parameter wins over a query parameter of the same
 * name. A query value that is empty or blank (`?lat=&category=`) is the same as none, for every parameter
 * of every route: an optional one takes its default, a required one is reported missing. Parameters named
 * in `repeatable` (`?brand=a&brand=b`) arrive as arrays of their values, read from the raw query string
 * (API Gateway joins repeated values with commas, which a value may itself contain).
 * Path parameters arrive decoded (API Gateway HTTP APIs decode them; locally the adapter does, answering a
 * malformed escape with a 400 itself), so they are never decoded twice here.
 * @throws InvalidInput naming each failing parameter.
 */
export function params<S extends z.ZodType>(
  schema: S,
  event: HttpEvent,
  repeatable: readonly string[] = [],
): z.output<S> {
  const query: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(event.queryStringParameters ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== "",
    ),
  );
  // Escapes are checked here, for every parameter (API Gateway and URLSearchParams pass a bad one through).
  for (const part of (event.rawQueryString ?? "").split("&")) {
    const [name = "", value = ""] = part.split("=", 2);
    try {
      decodeURIComponent(value.replaceAll("+", " "));
    } catch {
      const field = safeDecode(name) ?? "(query)";
      throw new InvalidInput([{ path: field, message: "is not validly percent-encoded UTF-8" }]);
    }
  }
  if (repeatable.length > 0) {
    const raw = new URLSearchParams(event.rawQueryString ?? "");
    for (const name of repeatable) {
      const values = raw.getAll(name).filter((v) => v.trim() !== "");
      if (values.length > 0) query[name] = values;
      else delete query[name];
    }
  }
  return parseOrThrow(schema, { ...query, ...event.pathParameters });
}

const safeDecode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return undefined;
  }
};
