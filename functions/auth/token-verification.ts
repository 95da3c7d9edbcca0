import { z } from "zod";
import { visitorKeyKid } from "../../lib/auth/kms-token-signer.js";
import { discoveredKeys, type TokenVerifierConfig } from "../../lib/auth/token-verifier.js";
import { ENV } from "../../lib/config/env-names.js";
import { visitorPublicKey } from "./visitor-public-key.js";

const schema = z.object({
  [ENV.visitorKeyId]: z.string().min(1),
  [ENV.jwtIssuer]: z.url(),
  [ENV.jwtAudience]: z.string().min(1),
  [ENV.region]: z.string().min(1),
});

/**
 * What a function that checks bearer tokens itself (the token authorizer, the function-URL front door) trusts,
 * read once from its environment: the deployer's identity provider (issuer, comma-separated audiences, keys
 * found through its OpenID discovery document) and the visitor key's public half (KMS).
 * @throws Error naming each missing or malformed variable.
 */
export function tokenVerification(env: Record<string, string | undefined>): TokenVerifierConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Kindred configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    provider: {
      issuer: c[ENV.jwtIssuer],
      audiences: c[ENV.jwtAudience].split(","),
      keys: discoveredKeys(c[ENV.jwtIssuer]),
    },
    visitorKey: visitorPublicKey(c[ENV.region], c[ENV.visitorKeyId]),
    visitorKid: visitorKeyKid(c[ENV.visitorKeyId]),
  };
}
