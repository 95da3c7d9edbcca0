import { createHash } from "node:crypto";
import { type KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { DependencyUnavailable } from "../errors.js";
import { base64url, type TokenSigner, VISITOR_AUDIENCE, VISITOR_ISSUER } from "./visitor-tokens.js";

/**
 * The `kid` of tokens signed with `keyId`: a digest, so the token does not show the key's ARN (and with it
 * the account id). The authorizer computes the same from its configuration.
 */
export const visitorKeyKid = (keyId: string) => createHash("sha256").update(keyId).digest("hex").slice(0, 16);

/**
 * Signs visitor tokens in AWS KMS: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) with an asymmetric key whose
 * private half never leaves KMS. Issuer VISITOR_ISSUER, audience VISITOR_AUDIENCE.
 * @throws DependencyUnavailable when KMS returns no signature; SDK errors (throttling) pass through.
 */
export function kmsTokenSigner(kms: KMSClient, keyId: string): TokenSigner {
  const kid = visitorKeyKid(keyId);
  return {
    async sign(claims, issuedAt, expiresAt) {
      const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
      const payload = base64url(
        JSON.stringify({
          iss: VISITOR_ISSUER,
          aud: VISITOR_AUDIENCE,
          sub: claims.sub,
          scope: claims.scope,
          iat: Math.floor(issuedAt.getTime() / 1000),
          exp: Math.floor(expiresAt.getTime() / 1000),
        }),
      );
      const signingInput = `${header}.${payload}`;
      const out = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: new TextEncoder().encode(signingInput),
          MessageType: "RAW",
          SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256",
        }),
      );
      if (!out.Signature) throw new DependencyUnavailable("The signing key returned no signature.");
      return `${signingInput}.${base64url(out.Signature)}`;
    },
  };
}
