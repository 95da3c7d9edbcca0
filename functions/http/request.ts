import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { z } from "zod";
import { type Principal, SCOPES, type Scope } from "../../lib/auth/principal.js";
import { InvalidInput, PayloadTooLarge, Unauthenticated } from "../../lib/errors.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The resource server Kindred's scopes belong to in Cognito (see infra/constructs/identity.ts). */
const SCOPE_PREFIX = "kindred/";

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  scope: z.string().default(""),
});

/**
 * The verified caller. In AWS, API Gateway's JWT authorizer has checked signature, issuer, audience and
 * expiry before the function runs; locally the HTTP adapter does the same and fills in the same fields.
 */
export function principalOf(event: HttpEvent): Principal {
  const parsed = claimsSchema.safeParse(event.requestContext.authorizer?.jwt?.claims);
  if (!parsed.success) throw new Unauthenticated("A valid bearer token is required.");
  // Cognito prefixes resource-server scopes ("kindred/admin"); other prefixes grant nothing.
  const granted = parsed.data.scope
    .split(/\s+/)
    .map((s) => (s.startsWith(SCOPE_PREFIX) ? s.slice(SCOPE_PREFIX.length) : s));
  const scopes = new Set<Scope>(SCOPES.filter((s) => granted.includes(s)));
  return { subject: parsed.data.sub, scopes };
}

/** Reads a JSON body no larger than `maxBytes`. */
export function jsonBody(event: HttpEvent, maxBytes = 1024 * 1024): unknown {
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (Buffer.byteLength(text, "utf8") > maxBytes) {
    throw new PayloadTooLarge(`The request body must be at most ${maxBytes} bytes.`);
  }
  if (text.trim() === "") throw new InvalidInput([{ path: "(body)", message: "a JSON body is required" }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput([{ path: "(body)", message: "the body is not valid JSON" }]);
  }
}

/** Parses path and query parameters; failures name the parameter. */
export function params<S extends z.ZodType>(schema: S, event: HttpEvent): z.output<S> {
  return parseOrThrow(schema, { ...event.queryStringParameters, ...event.pathParameters });
}
