/**
 * Tokens Kindred itself issues to anonymous visitors (`POST /v1/visitors`): a `customer` token whose
 * subject is a fresh `anon-…` id, valid for at most a day.
 */

/** `iss` of visitor tokens in AWS, where they are told apart from the identity provider's by it. */
export const VISITOR_ISSUER = "kindred-visitors";
/** `aud` of visitor tokens in AWS. */
export const VISITOR_AUDIENCE = "kindred";
/** How long a visitor token lives: well inside the contract's 24 hours; the tracker renews it before. */
export const VISITOR_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

export interface TokenClaims {
  sub: string;
  scope: string;
}

/** Signs a token for `claims` that expires at `expiresAt` (whole seconds: JWT times are seconds). */
export interface TokenSigner {
  sign(claims: TokenClaims, issuedAt: Date, expiresAt: Date): Promise<string>;
}

/** The base64url (no padding) text of `bytes` or of UTF-8 `text`, as JWTs are written. */
export const base64url = (input: Uint8Array | string): string =>
  Buffer.from(typeof input === "string" ? new TextEncoder().encode(input) : input).toString("base64url");
