import { describe, expect, it } from "vitest";
import { type HttpEvent, principalOf } from "../../functions/http/request.js";

const withClaims = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as HttpEvent;

describe("the caller, from the verified token's claims", () => {
  it("reads space-separated scopes, plain or under Kindred's Cognito resource server, and nothing else", () => {
    const principal = principalOf(
      withClaims({ sub: "alice", scope: "customer kindred/admin other/ingest ingest2" }),
    );
    expect(principal.subject).toBe("alice");
    expect([...principal.scopes].sort()).toEqual(["admin", "customer"]);
  });

  it("refuses a token without a subject", () => {
    expect(() => principalOf(withClaims({ scope: "admin" }))).toThrow(/token/);
  });
});
