import { SchemaBook } from "./openapi-components.js";
import { problemSchema } from "./openapi-named-schemas.js";
import { TAGS } from "./openapi-operation.js";
import { OPERATIONS } from "./openapi-operations.js";
import { ROUTES, routeKey } from "./routes.js";

/** Every response carries the request's id: quote it when asking about a 5xx. */
const REQUEST_ID_HEADER = {
  "x-request-id": { description: "The request's id, as logged", schema: { type: "string" } },
};

/** Throttled (429) and unavailable (503) answers say when to try again. */
const RETRY_AFTER_HEADER = {
  "retry-after": { description: "Seconds to wait before retrying", schema: { type: "string" } },
};

const PROBLEMS: Record<number, string> = {
  400: "Invalid input: `errors` names each failing field",
  401: "No token, or not a valid one",
  403: "The token may not touch this resource",
  404: "No such resource",
  409: "A conflicting write",
  413: "The body is too large",
  415: "The body is not `application/json`",
  429: "Throttled: retry after `retry-after` seconds",
  503: "A dependency is unavailable: retry after `retry-after` seconds",
};

const PATH_PARAMETERS: Record<string, { description: string; schema: Record<string, unknown> }> = {
  experimentId: {
    description: "The experiment's id",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" },
  },
};
const pathParameter = (name: string) =>
  PATH_PARAMETERS[name] ?? {
    description:
      name === "customerId"
        ? "The customer's id, or `me` for the token's own"
        : `The ${name.replace(/Id$/, "")}'s id`,
    schema: { type: "string", minLength: 1, maxLength: 128 },
  };

/**
 * The OpenAPI 3.1 description of every route in routes.ts, built from the schemas that validate requests
 * and shape responses (openapi-operations.ts), named schemas as components (openapi-components.ts).
 * Throws when a route has no description, so the two lists cannot drift.
 */
export function openApiDocument(version: string) {
  const book = new SchemaBook();
  const problemRef = book.schema(problemSchema, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const op = OPERATIONS[routeKey(route)];
    if (!op) throw new Error(`No OpenAPI description for ${routeKey(route)}`);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      ...pathParameter(m[1] ?? ""),
    }));
    const queryParams = Object.entries(op.query?.shape ?? {}).map(([name, schema]) => {
      const { description, ...json } = book.schema(schema, "input");
      return {
        name,
        in: "query",
        required: !schema.safeParse(undefined).success,
        ...(typeof description === "string" ? { description } : {}),
        schema: json,
      };
    });
    const parameters = [...pathParams, ...queryParams];
    const responses: Record<string, unknown> = {
      [op.response.status]: {
        description: op.response.description,
        headers: REQUEST_ID_HEADER,
        ...(op.response.schema
          ? { content: { "application/json": { schema: book.schema(op.response.schema, "output") } } }
          : {}),
      },
    };
    const authenticated = route.auth !== "public";
    // Any route may be throttled by the stage; these follow from the route's shape.
    const statuses = new Set([
      ...op.errors,
      429,
      ...(authenticated ? [401, 403] : []),
      ...(op.request ? [400, 413, 415] : []),
      ...(parameters.length ? [400] : []),
    ]);
    for (const status of [...statuses].sort()) {
      responses[status] = {
        description: PROBLEMS[status] ?? "Problem",
        headers:
          status === 429 || status === 503
            ? { ...REQUEST_ID_HEADER, ...RETRY_AFTER_HEADER }
            : REQUEST_ID_HEADER,
        content: { "application/problem+json": { schema: problemRef } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: authenticated ? [{ bearer: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: book.schema(op.request, "input"),
                  ...(op.requestExample === undefined ? {} : { example: op.requestExample }),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  const finished = book.finish(paths);
  return {
    openapi: "3.1.0",
    info: {
      title: "Kindred",
      version,
      description:
        "Real-time recommendations and content ranking. Errors are RFC 9457 problem details; every response carries `x-request-id`.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [
      // Relative: the API that served this document (local mode serves it at http://localhost:3000).
      { url: "/", description: "The server that served this document" },
      {
        url: "https://{apiId}.execute-api.{region}.amazonaws.com",
        description: "A deployed Kindred (the stack's `Url` output)",
        variables: {
          apiId: { default: "example", description: "The HTTP API's id" },
          region: { default: "us-east-1", description: "The AWS region" },
        },
      },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "Scopes in the `scope` claim: `customer`, `ingest`, `admin`",
        },
      },
      schemas: finished.schemas,
    },
    paths: finished.paths,
  };
}
