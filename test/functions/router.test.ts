import { describe, expect, it } from "vitest";
import { compileRoutes, routeRequest, unroutedResponse } from "../../functions/http/router.js";
import { ROUTES } from "../../functions/http/routes.js";

/** The router both of Kindred's own front doors use: what a request is matched to, and what it gets when nothing matches. */
const compiled = compileRoutes(ROUTES, (route) => route);

describe("routing a request against ROUTES", () => {
  it("finds the route of the method and path, with its parameters percent-decoded once", () => {
    const routed = routeRequest(compiled, "GET", "/v1/items/caf%C3%A9%2525/also-viewed");
    expect(routed).toMatchObject({
      kind: "match",
      entry: { handler: "get-also-viewed" },
      pathParameters: { itemId: "café%25" },
    });
  });

  it("tells an unknown path (404) from a known one with another method (405, its methods allowed)", () => {
    expect(routeRequest(compiled, "GET", "/v1/nowhere")).toEqual({
      kind: "unmatched",
      pathExists: false,
      allowed: [],
    });
    const wrongMethod = routeRequest(compiled, "POST", "/v1/items/sku-1");
    expect(wrongMethod).toEqual({ kind: "unmatched", pathExists: true, allowed: ["GET", "DELETE"] });
    if (wrongMethod.kind !== "unmatched") throw new Error("unreachable");
    const answer = unroutedResponse(wrongMethod, "POST", "/v1/items/sku-1");
    expect(answer.statusCode).toBe(405);
    expect(answer.headers).toMatchObject({ allow: "GET, DELETE" });
    expect(
      unroutedResponse({ kind: "unmatched", pathExists: false, allowed: [] }, "GET", "/x").statusCode,
    ).toBe(404);
  });

  it("names the parameter whose escape is malformed, as a 400", () => {
    const routed = routeRequest(compiled, "GET", "/v1/customers/%E0%A4%A/recommendations");
    expect(routed).toEqual({ kind: "malformed", parameter: "customerId" });
    if (routed.kind !== "malformed") throw new Error("unreachable");
    const answer = unroutedResponse(routed, "GET", "/v1/customers/%E0%A4%A/recommendations");
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(String(answer.body)).errors).toEqual([
      { path: "customerId", message: expect.stringContaining("malformed") },
    ]);
  });

  it("never lets a parameter span a slash", () => {
    expect(routeRequest(compiled, "GET", "/v1/items/a/b").kind).toBe("unmatched");
  });
});
