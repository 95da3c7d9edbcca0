import { SignJWT } from "jose";
import type { TokenSigner } from "./visitor-tokens.js";

/** Local mode's tokens stand in for the identity provider that API Gateway trusts in AWS. */
export const LOCAL_ISSUER = "kindred-local";
export const LOCAL_AUDIENCE = "kindred";

/**
 * Signs tokens the way local mode checks them: HS256 with the local secret, issuer `kindred-local`,
 * audience `kindred`. Local mode has one issuer, so visitor tokens are ordinary local tokens.
 */
export function localTokenSigner(secret: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (claims, issuedAt, expiresAt) =>
      new SignJWT({ scope: claims.scope })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(claims.sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key),
  };
}
