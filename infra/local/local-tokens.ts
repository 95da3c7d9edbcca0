import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { jwtVerify, SignJWT } from "jose";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "../../lib/auth/local-token-signer.js";

export { LOCAL_AUDIENCE, LOCAL_ISSUER };

export interface LocalSettings {
  port: number;
  /** Address to listen on: an IP address or a host name. */
  host: string;
  dataDir: string;
  demo: boolean;
  jwtSecret: string;
}

/** The contract's local-mode variables, read once. The secret, when not given, is generated and kept. */
export function readLocalSettings(env: Record<string, string | undefined>): LocalSettings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const host = (env.HOST ?? "127.0.0.1").trim();
  if (!isListenableHost(host))
    throw new Error(
      `HOST must be an IP address or a host name to listen on (127.0.0.1, 0.0.0.0, ::, localhost), got "${env.HOST}"`,
    );
  const dataDir = env.KINDRED_DATA_DIR ?? ".kindred";
  return {
    port,
    host,
    dataDir,
    demo: env.KINDRED_DEMO !== "0",
    jwtSecret: env.KINDRED_JWT_SECRET ?? persistedSecret(dataDir),
  };
}

/** An IP address, or a DNS host name (RFC 1123 labels): what `server.listen` can bind to. */
function isListenableHost(host: string): boolean {
  if (isIP(host) !== 0) return true;
  return (
    host.length <= 253 &&
    host.split(".").every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label))
  );
}

function persistedSecret(dataDir: string): string {
  const path = join(dataDir, "jwt-secret");
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(path, secret, { mode: 0o600 });
    return secret;
  }
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(
  secret: string,
  claims: { sub: string; scope: string },
  expiresIn = "30d",
): Promise<string> {
  return new SignJWT({ scope: claims.scope })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

/**
 * Verifies signature, issuer, audience and expiry, as API Gateway's JWT authorizer does: a token must carry
 * `exp` (and `sub`), and a `scope` claim, if any, must be a string (functions split it on single spaces).
 * Returns the claims as strings, the way API Gateway hands them to functions; undefined if any check fails.
 */
export async function verifyToken(
  secret: string,
  token: string,
): Promise<Record<string, string> | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ["HS256"],
      requiredClaims: ["exp", "sub"],
    });
    if (payload.scope !== undefined && typeof payload.scope !== "string") return undefined;
    // API Gateway hands claims to functions as strings.
    return Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  } catch {
    return undefined;
  }
}
