import type { KeyObject } from "node:crypto";
import { jwtVerify } from "jose";
import { isAnonymousId } from "../domain/identity.js";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "./local-token-signer.js";
import { VISITOR_AUDIENCE, VISITOR_ISSUER } from "./visitor-tokens.js";

/**
 * Whether a caller holds an anonymous id: the anonymous subject of a valid, unexpired visitor token
 * (`customer` scope, `anon-…` subject), else undefined. What an `identify` sent with a `customer` token must
 * show for the id it merges, since anonymous ids travel in every event and are no secret.
 */
export interface VisitorProof {
  subjectOf(token: string): Promise<string | undefined>;
}

async function anonymousSubject(verify: () => Promise<{ sub?: unknown; scope?: unknown }>) {
  try {
    const payload = await verify();
    return typeof payload.sub === "string" && isAnonymousId(payload.sub) && payload.scope === "customer"
      ? payload.sub
      : undefined;
  } catch {
    return undefined;
  }
}

/** Local mode: visitor tokens are local tokens (HS256 with the local secret). */
export function localVisitorProof(secret: string): VisitorProof {
  const key = new TextEncoder().encode(secret);
  return {
    subjectOf: (token) =>
      anonymousSubject(async () => {
        const { payload } = await jwtVerify(token, key, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: ["HS256"],
          requiredClaims: ["exp", "sub"],
        });
        return payload;
      }),
  };
}

/** AWS: visitor tokens are RS256 under the KMS key whose public half `publicKey` gives (see token-verifier.ts). */
export function kmsVisitorProof(publicKey: () => Promise<KeyObject>, kid: string): VisitorProof {
  return {
    subjectOf: (token) =>
      anonymousSubject(async () => {
        const { payload, protectedHeader } = await jwtVerify(token, await publicKey(), {
          issuer: VISITOR_ISSUER,
          audience: VISITOR_AUDIENCE,
          algorithms: ["RS256"],
          requiredClaims: ["exp", "sub"],
        });
        return protectedHeader.kid === kid ? payload : {};
      }),
  };
}

/** For producers that only ever send with `ingest` or `admin` tokens (the demo loader): no visitor proves anything. */
export const NO_VISITOR_PROOF: VisitorProof = { subjectOf: async () => undefined };
