import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/http/openapi-document.js";
import { ROUTES } from "../../functions/http/routes.js";

describe("the OpenAPI document", () => {
  const document = openApiDocument("1.2.3");

  it("is a valid OpenAPI 3.1 description", async () => {
    const result = await new Validator().validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("describes every route, with security on exactly those behind the authorizer", () => {
    for (const route of ROUTES) {
      const operation = (document.paths[route.path] as Record<string, { security: unknown[] }>)[
        route.method.toLowerCase()
      ];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.security).toEqual(route.auth !== "public" ? [{ bearer: [] }] : []);
    }
  });

  it("says that a body must be JSON (else 415) and that every response carries an x-request-id", () => {
    for (const route of ROUTES) {
      const operation = (
        document.paths[route.path] as Record<
          string,
          { requestBody?: unknown; responses: Record<string, { headers?: Record<string, unknown> }> }
        >
      )[route.method.toLowerCase()];
      const name = `${route.method} ${route.path}`;
      if (operation?.requestBody) expect(Object.keys(operation.responses), name).toContain("415");
      for (const response of Object.values(operation?.responses ?? {})) {
        expect(response.headers, name).toHaveProperty("x-request-id");
      }
    }
  });
});
