import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HttpEvent, principalOf } from "../../functions/http/request.js";

const EXP = String(Math.floor(Date.UTC(2030, 0, 1) / 1000));
const withClaims = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as HttpEvent;
const scopesOf = (scope: string) =>
  [...principalOf(withClaims({ sub: "alice", scope, exp: EXP })).scopes].sort();

describe("the caller, from the verified token's claims", () => {
  it("reads space-separated scopes, plain or under Kindred's Cognito resource server, and nothing else", () => {
    const principal = principalOf(
      withClaims({ sub: "alice", scope: "customer kindred/admin other/ingest ingest2", exp: EXP }),
    );
    expect(principal.subject).toBe("alice");
    expect([...principal.scopes].sort()).toEqual(["admin", "customer"]);
  });

  it("splits scope on single spaces only: scopes joined by any other whitespace grant nothing", () => {
    expect(scopesOf("customer\tadmin")).toEqual([]);
    fc.assert(
      fc.property(
        fc.constantFrom("\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\f", "\v"),
        fc.constantFrom("admin", "ingest", "kindred/admin"),
        (separator, scope) => {
          expect(scopesOf(`customer${separator}${scope}`)).toEqual([]);
          expect(scopesOf(`${scope}${separator}customer`)).toEqual([]);
        },
      ),
    );
  });

  it("refuses a token without a subject, without an expiry, or whose subject is the reserved `me`", () => {
    expect(() => principalOf(withClaims({ scope: "admin", exp: EXP }))).toThrow(/token/);
    expect(() => principalOf(withClaims({ sub: "alice", scope: "admin" }))).toThrow(/token/);
    expect(() => principalOf(withClaims({ sub: "me", scope: "customer", exp: EXP }))).toThrow(/token/);
  });

  it("knows the subject in any Unicode form as the same customer", () => {
    const nfd = principalOf(withClaims({ sub: "Zoe\u0301", scope: "customer", exp: EXP }));
    expect(nfd.subject).toBe("Zo\u00e9");
  });
});

describe("the caller, from Kindred's own authorizer (routes visitor tokens may call)", () => {
  const fromLambda = (claims: Record<string, string>) =>
    ({ requestContext: { authorizer: { lambda: claims } } }) as unknown as HttpEvent;

  it("reads the claims the authorizer verified", () => {
    const principal = principalOf(fromLambda({ sub: "anon-abc", scope: "customer", exp: EXP }));
    expect(principal).toEqual({ subject: "anon-abc", scopes: new Set(["customer"]) });
  });

  it("refuses a token that has expired since the gateway cached the authorizer's answer", () => {
    const past = String(Math.floor(Date.now() / 1000) - 1);
    expect(() => principalOf(fromLambda({ sub: "anon-abc", scope: "customer", exp: past }))).toThrow(/token/);
  });
});
