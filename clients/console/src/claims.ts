/** What the console reads from a pasted token to adapt its views: who it is and what it may do. */
export interface TokenClaims {
  sub?: string;
  scopes: string[];
  /** Expiry, ms since the epoch. */
  expiresAt?: number;
}

/**
 * Reads a JWT's claims without checking its signature: only to choose which views to offer. The API
 * checks every request; nothing here grants anything. Undefined for text that is not a JWT.
 */
export function readClaims(token: string): TokenClaims | undefined {
  const parts = token.trim().split(".");
  const payload = parts[1];
  if (parts.length !== 3 || !payload) return undefined;
  try {
    const base64 = payload.replaceAll("-", "+").replaceAll("_", "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    return {
      ...(typeof claims.sub === "string" ? { sub: claims.sub } : {}),
      // Split on single spaces only, as the API does; `kindred/admin` is how Cognito access tokens say `admin`.
      scopes:
        typeof claims.scope === "string"
          ? claims.scope
              .split(" ")
              .filter((s) => s !== "")
              .map((s) => s.replace(/^kindred\//, ""))
          : [],
      ...(typeof claims.exp === "number" ? { expiresAt: claims.exp * 1000 } : {}),
    };
  } catch {
    return undefined;
  }
}
