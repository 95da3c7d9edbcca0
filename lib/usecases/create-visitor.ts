import type { SourceThrottle } from "../auth/source-throttle.js";
import { type TokenSigner, VISITOR_TOKEN_TTL_MS } from "../auth/visitor-tokens.js";
import { ANONYMOUS_ID_PREFIX } from "../domain/identity.js";
import { Throttled } from "../errors.js";

export interface CreateVisitorDeps {
  signer: TokenSigner;
  throttle: SourceThrottle;
  /** Over all callers (one source, `*`): where no route throttle stands in front (the function-URL front door). */
  everyone?: SourceThrottle | undefined;
  /** Cryptographically random bytes (node:crypto's randomBytes in production). */
  randomBytes: (size: number) => Uint8Array;
  now: () => number;
}

export interface Visitor {
  /** `anon-` and 128 random bits, base64url: 27 characters. */
  customerId: string;
  /** A `customer` token for `customerId`. */
  token: string;
  /** When the token expires, ISO-8601 UTC, whole seconds. */
  expiresAt: string;
}

/** Random bits in an anonymous id: the contract's minimum, and far past guessing. */
const ID_BYTES = 16;

/**
 * A fresh anonymous visitor for a website or app with no backend of its own: a new `anon-…` id and a
 * short-lived `customer` token for it (VISITOR_TOKEN_TTL_MS). Nothing is stored: the id is only a name
 * until events arrive for it.
 * @param source the caller's network address, by which requests are throttled.
 * @throws Throttled when `source` asked too often, or (with `everyone`) all callers together did; its
 * `retryAfterSeconds` says when to try again.
 */
export async function createVisitor(source: string, deps: CreateVisitorDeps): Promise<Visitor> {
  const nowMs = deps.now();
  const decision = deps.throttle.take(source, nowMs);
  if (!decision.allowed) {
    throw new Throttled(decision.retryAfterSeconds, "Too many new visitors from this address; retry later.");
  }
  // Each token is a signing request to KMS: all callers together are bounded too. Asked second, so one busy
  // address cannot empty it; refused, the address keeps its unit (it got no visitor).
  const overall = deps.everyone?.take("*", nowMs);
  if (overall && !overall.allowed) {
    deps.throttle.giveBack(source);
    throw new Throttled(overall.retryAfterSeconds, "Too many new visitors right now; retry later.");
  }
  const customerId = `${ANONYMOUS_ID_PREFIX}${Buffer.from(deps.randomBytes(ID_BYTES)).toString("base64url")}`;
  // JWT times are whole seconds: the stated expiry is the token's own `exp`.
  const issuedAt = new Date(Math.floor(nowMs / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + VISITOR_TOKEN_TTL_MS);
  const token = await deps.signer.sign({ sub: customerId, scope: "customer" }, issuedAt, expiresAt);
  return { customerId, token, expiresAt: expiresAt.toISOString() };
}
