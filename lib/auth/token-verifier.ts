import type { KeyObject } from "node:crypto";
import {
  createRemoteJWKSet,
  decodeJwt,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { isAnonymousId } from "../domain/identity.js";
import { VISITOR_AUDIENCE, VISITOR_ISSUER } from "./visitor-tokens.js";

/** Signature algorithms accepted from the identity provider: RSA only, as API Gateway's JWT authorizer. */
const PROVIDER_ALGORITHMS = ["RS256", "RS384", "RS512"];

export interface TokenVerifierConfig {
  /** The deployer's identity provider: issuer URL, accepted audiences, and its signing keys. */
  provider: { issuer: string; audiences: readonly string[]; keys: JWTVerifyGetKey };
  /** The public half of the visitor signing key (KMS), with its `kid`. */
  visitorKey: () => Promise<KeyObject>;
  visitorKid: string;
}

/** A verified token's claims as API Gateway hands them to functions: each a string. */
export type VerifiedClaims = Record<string, string>;

/**
 * Verifies a bearer token the way API Gateway's JWT authorizer does — signature, issuer, audience (or,
 * without `aud`, `client_id`), `exp` required and not passed, `nbf` — for two issuers: the deployer's
 * identity provider, and Kindred's own visitor tokens (RS256 under the KMS key, audience `kindred`, subject
 * an `anon-…` id, scope exactly `customer`). The issuer decides which key may have signed; no other
 * issuer and no other algorithm is accepted.
 * @returns the claims, or undefined when the token is missing, malformed, or fails any check.
 * @throws when the keys cannot be fetched (a 500 at the gateway, not a 401 that would discard the token).
 */
export async function verifyBearer(
  authorization: string | undefined,
  config: TokenVerifierConfig,
): Promise<VerifiedClaims | undefined> {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return undefined;
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return undefined;
  }
  try {
    if (issuer === VISITOR_ISSUER) return await verifyVisitor(token, config);
    if (issuer === config.provider.issuer) return await verifyProvider(token, config);
    return undefined;
  } catch (error) {
    // A token that fails a check is refused; keys that cannot be fetched are a fault of our own.
    if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) return undefined;
    throw error;
  }
}

async function verifyVisitor(token: string, config: TokenVerifierConfig) {
  const { payload, protectedHeader } = await jwtVerify(token, await config.visitorKey(), {
    issuer: VISITOR_ISSUER,
    audience: VISITOR_AUDIENCE,
    algorithms: ["RS256"],
    requiredClaims: ["exp", "sub"],
  });
  if (protectedHeader.kid !== config.visitorKid) return undefined;
  // What POST /v1/visitors signs, and nothing else: an anonymous customer.
  if (typeof payload.sub !== "string" || !isAnonymousId(payload.sub) || payload.scope !== "customer") {
    return undefined;
  }
  return asStrings(payload);
}

async function verifyProvider(token: string, config: TokenVerifierConfig) {
  const { payload } = await jwtVerify(token, config.provider.keys, {
    issuer: config.provider.issuer,
    algorithms: PROVIDER_ALGORITHMS,
    requiredClaims: ["exp", "sub"],
  });
  const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
  if (!audiences.some((a) => typeof a === "string" && config.provider.audiences.includes(a)))
    return undefined;
  if (payload.scope !== undefined && typeof payload.scope !== "string") return undefined;
  return asStrings(payload);
}

const asStrings = (payload: JWTPayload): VerifiedClaims =>
  Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );

/**
 * The identity provider's signing keys, found through its OpenID discovery document
 * (`<issuer>/.well-known/openid-configuration` → `jwks_uri`), fetched once and cached by jose.
 */
export function discoveredKeys(issuer: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async () => {
    const res = await fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`);
    if (!res.ok) throw new Error(`OpenID discovery answered ${res.status}`);
    const { jwks_uri: jwksUri } = (await res.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== "string") throw new Error("OpenID discovery names no jwks_uri");
    return createRemoteJWKSet(new URL(jwksUri));
  };
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}
