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

  it("names every operation for generated clients, once, and answers every route with a described schema", () => {
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(
        methods as Record<string, { operationId: string; responses: Record<string, { content?: unknown }> }>,
      ),
    );
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ROUTES.length);
    expect(ids).toEqual(
      expect.arrayContaining(["getRecommendations", "putItems", "sendEvents", "listItems"]),
    );
    for (const operation of operations) {
      const [success, ...more] = Object.entries(operation.responses).filter(([status]) => status < "300");
      expect(more, operation.operationId).toEqual([]);
      if (success?.[0] !== "204") expect(success?.[1].content, operation.operationId).toBeDefined();
      expect(Object.keys(operation.responses), operation.operationId).toContain("429");
    }
  });

  it("names the schemas clients share, requests in the form they are sent", () => {
    const schemas = document.components.schemas as Record<string, { required?: string[] }>;
    for (const name of ["Event", "Item", "Offer", "Reason", "Problem", "Recommendations", "Experiment"]) {
      expect(schemas, name).toHaveProperty(name);
    }
    // Defaults make fields optional when sent and present when returned.
    expect(schemas.Item?.required).toContain("categories");
    expect(schemas.ItemInput?.required).toEqual(["itemId"]);
  });
});
