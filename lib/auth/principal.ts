import { Forbidden } from "../errors.js";
import { SELF_ALIAS } from "../schemas/common.js";

export const SCOPES = ["customer", "ingest", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling, as established by a verified token. */
export interface Principal {
  subject: string;
  scopes: ReadonlySet<Scope>;
}

export { SELF_ALIAS };

/** The resource server Kindred's scopes belong to in Cognito (see infra/constructs/identity.ts). */
const SCOPE_PREFIX = "kindred/";

/**
 * The scopes a token's `scope` claim grants: split on single spaces only (RFC 6749 §3.3, as API Gateway's
 * JWT authorizer reads it), so `"customer\tadmin"` is one unknown scope and grants nothing. Plain names or
 * names under Kindred's Cognito resource server (`kindred/admin`) count; anything else is ignored.
 */
export function grantedScopes(scopeClaim: string): Set<Scope> {
  const granted = new Set(
    scopeClaim.split(" ").map((s) => (s.startsWith(SCOPE_PREFIX) ? s.slice(SCOPE_PREFIX.length) : s)),
  );
  return new Set(SCOPES.filter((s) => granted.has(s)));
}

const isAdmin = (p: Principal) => p.scopes.has("admin");

export function requireAdmin(principal: Principal): void {
  if (!isAdmin(principal)) throw new Forbidden("This operation needs the admin scope.");
}

/**
 * Resolves the customer a `/v1/customers/{customerId}` path refers to and checks the caller may touch it.
 * Ownership comes from the token alone; no id in a query or body can widen it.
 */
export function resolveCustomer(principal: Principal, pathCustomerId: string): string {
  const customerId = pathCustomerId === SELF_ALIAS ? principal.subject : pathCustomerId;
  if (isAdmin(principal)) return customerId;
  if (principal.scopes.has("customer") && customerId === principal.subject) return customerId;
  throw new Forbidden("This token may not access this customer.");
}

/** Server-side producers send for anyone; a customer token only for itself. */
export function maySendEventsFor(principal: Principal, customerId: string): boolean {
  if (isAdmin(principal) || principal.scopes.has("ingest")) return true;
  return principal.scopes.has("customer") && customerId === principal.subject;
}

export function requireAnyScope(principal: Principal, ...scopes: Scope[]): void {
  if (!scopes.some((s) => principal.scopes.has(s))) {
    throw new Forbidden(`This operation needs one of the scopes: ${scopes.join(", ")}.`);
  }
}
