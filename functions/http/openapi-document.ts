import { z } from "zod";
import { eventSchema, eventsResponseSchema } from "../../lib/schemas/event.js";
import {
  experimentRequestSchema,
  experimentResultsSchema,
  experimentSchema,
} from "../../lib/schemas/experiment.js";
import { itemSchema, putItemsRequestSchema, putItemsResponseSchema } from "../../lib/schemas/item.js";
import {
  customerOffersParamsSchema,
  customerOffersResponseSchema,
  offerSchema,
  putOffersRequestSchema,
} from "../../lib/schemas/offer.js";
import { nextCursorSchema, pageQuerySchema } from "../../lib/schemas/paging.js";
import { preferencesSchema } from "../../lib/schemas/preferences.js";
import { mergeRequestSchema, mergeResponseSchema, profileResponseSchema } from "../../lib/schemas/profile.js";
import {
  alsoViewedQuerySchema,
  boughtTogetherQuerySchema,
  forYouQuerySchema,
  rankRequestSchema,
  recommendationResponseSchema,
  trendingQuerySchema,
} from "../../lib/schemas/recommendation.js";
import { visitorResponseSchema } from "../../lib/schemas/visitor.js";
import { ROUTES, routeKey } from "./routes.js";

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

interface Operation {
  summary: string;
  request?: z.ZodType;
  /** Query parameters, as an object schema. */
  query?: z.ZodObject;
  response?: { status: number; schema?: z.ZodType };
  errors: number[];
}

const eventsBody = z.object({ events: z.array(eventSchema).min(1).max(500) });

/** What each route takes and returns, in terms of the same schemas that validate requests. */
const OPERATIONS: Record<string, Operation> = {
  "GET /v1/health": { summary: "Liveness and version", response: { status: 200 }, errors: [] },
  "GET /v1/openapi.json": { summary: "This document", response: { status: 200 }, errors: [] },
  "POST /v1/visitors": {
    summary:
      "A fresh anonymous visitor (no token needed): an `anon-…` id and a customer token for it, valid up to 24 hours; throttled per source address (429 with Retry-After)",
    response: { status: 201, schema: visitorResponseSchema },
    errors: [429, 503],
  },
  "POST /v1/events": {
    summary: "Send interaction events (1–500); each index is accepted, rejected or failed",
    request: eventsBody,
    response: { status: 202, schema: eventsResponseSchema },
    errors: [400, 401, 403, 413, 503],
  },
  "PUT /v1/items": {
    summary: "Create or replace catalog items (admin)",
    request: putItemsRequestSchema,
    response: { status: 200, schema: putItemsResponseSchema },
    errors: [400, 401, 403, 413, 503],
  },
  "GET /v1/items": {
    summary: "The catalog, a page at a time in id order (admin)",
    query: pageQuerySchema("items"),
    response: { status: 200, schema: z.object({ items: z.array(itemSchema), nextCursor: nextCursorSchema }) },
    errors: [400, 401, 403, 503],
  },
  "GET /v1/items/{itemId}": {
    summary: "Read a catalog item (admin)",
    response: { status: 200, schema: itemSchema },
    errors: [401, 403, 404],
  },
  "DELETE /v1/items/{itemId}": {
    summary: "Remove a catalog item; it stops being recommended (admin)",
    response: { status: 204 },
    errors: [401, 403, 404],
  },
  "GET /v1/items/{itemId}/also-viewed": {
    summary: "Shoppers who viewed this also viewed; with customerId, re-ranked for that customer",
    query: alsoViewedQuerySchema.omit({ itemId: true }),
    response: { status: 200, schema: recommendationResponseSchema },
    errors: [400, 401, 403, 404, 503],
  },
  "GET /v1/items/{itemId}/bought-together": {
    summary: "Items bought by the same customers within a day of this one",
    query: boughtTogetherQuerySchema.omit({ itemId: true }),
    response: { status: 200, schema: recommendationResponseSchema },
    errors: [400, 401, 403, 404, 503],
  },
  "GET /v1/trending": {
    summary: "Popular now, decayed over time and lifted when rising; per country and/or category",
    query: trendingQuerySchema,
    response: { status: 200, schema: recommendationResponseSchema },
    errors: [400, 401, 403, 503],
  },
  "GET /v1/customers/{customerId}/recommendations": {
    summary:
      "Recommended for you (`me` for the token's own): related to what they did, their interests and what is trending; trending alone for a customer without history",
    query: forYouQuerySchema.omit({ customerId: true }),
    response: { status: 200, schema: recommendationResponseSchema },
    errors: [400, 401, 403, 503],
  },
  "POST /v1/customers/{customerId}/rank": {
    summary: "Order 1–500 caller-supplied candidates for a customer; unknown items by their inline features",
    request: rankRequestSchema,
    response: { status: 200, schema: recommendationResponseSchema },
    errors: [400, 401, 403, 413, 503],
  },
  "GET /v1/customers/{customerId}/profile": {
    summary: "Everything kept about a customer, derived data included: the export (`me` for the token's own)",
    response: { status: 200, schema: profileResponseSchema },
    errors: [401, 403, 404],
  },
  "PUT /v1/customers/{customerId}/preferences": {
    summary: "The customer's own controls: personalization, blocked categories, location consent, channels",
    request: preferencesSchema,
    response: { status: 200, schema: preferencesSchema },
    errors: [400, 401, 403, 409, 503],
  },
  "POST /v1/customers/{customerId}/merge": {
    summary:
      "Merge a known customer's profile into this one (admin): two accounts found to be one person; sending it again changes nothing",
    request: mergeRequestSchema,
    response: { status: 200, schema: mergeResponseSchema },
    errors: [400, 401, 403, 404, 503],
  },
  "PUT /v1/offers": {
    summary: "Create or replace location-based offers, 1–500 (admin)",
    request: putOffersRequestSchema,
    response: { status: 200, schema: putItemsResponseSchema },
    errors: [400, 401, 403, 409, 413, 503],
  },
  "GET /v1/offers": {
    summary: "The offers, a page at a time in id order (admin)",
    query: pageQuerySchema("offers"),
    response: {
      status: 200,
      schema: z.object({ offers: z.array(offerSchema), nextCursor: nextCursorSchema }),
    },
    errors: [400, 401, 403, 503],
  },
  "GET /v1/offers/{offerId}": {
    summary: "Read an offer (admin)",
    response: { status: 200, schema: offerSchema },
    errors: [401, 403, 404],
  },
  "DELETE /v1/offers/{offerId}": {
    summary: "Remove an offer; it stops being shown, triggered copies included (admin)",
    response: { status: 204 },
    errors: [401, 403, 404, 503],
  },
  "GET /v1/customers/{customerId}/offers": {
    summary:
      "Offers around the customer: at the given point, else (with consent) their last coarse location, plus those their location triggered",
    query: customerOffersParamsSchema.omit({ customerId: true }),
    response: { status: 200, schema: customerOffersResponseSchema },
    errors: [400, 401, 403, 503],
  },
  "PUT /v1/experiments/{experimentId}": {
    summary: "Create, change, start or stop an A/B test of a placement (admin); one running per placement",
    request: experimentRequestSchema,
    response: { status: 200 },
    errors: [400, 401, 403, 409, 503],
  },
  "GET /v1/experiments": {
    summary: "The experiments' definitions, a page at a time in id order (admin)",
    query: pageQuerySchema("experiments"),
    response: {
      status: 200,
      schema: z.object({ experiments: z.array(experimentSchema), nextCursor: nextCursorSchema }),
    },
    errors: [400, 401, 403, 503],
  },
  "GET /v1/experiments/{experimentId}": {
    summary: "An experiment's definition as stored (admin)",
    response: { status: 200, schema: experimentSchema },
    errors: [401, 403, 404, 503],
  },
  "GET /v1/experiments/{experimentId}/results": {
    summary: "Impressions, clicks, conversions and lift against the control with a 95% interval (admin)",
    response: { status: 200, schema: experimentResultsSchema },
    errors: [401, 403, 404, 503],
  },
  "DELETE /v1/customers/{customerId}": {
    summary: "Erase everything kept about the customer; events from before the erasure never bring it back",
    response: { status: 202, schema: z.object({ customerId: z.string(), erasedAt: z.string() }) },
    errors: [401, 403, 503],
  },
};

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  });
  return rest;
};

/** Every response carries the request's id: quote it when asking about a 5xx. */
const REQUEST_ID_HEADER = {
  "x-request-id": { description: "The request's id, as logged", schema: { type: "string" } },
};

/** Throttled (429) and unavailable (503) answers say when to try again. */
const RETRY_AFTER_HEADER = {
  "retry-after": { description: "Seconds to wait before retrying", schema: { type: "string" } },
};

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const op = OPERATIONS[routeKey(route)];
    if (!op) throw new Error(`No OpenAPI description for ${routeKey(route)}`);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string", minLength: 1, maxLength: 128 },
    }));
    const queryParams = Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: "query",
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(schema as z.ZodType, "input"),
    }));
    const parameters = [...pathParams, ...queryParams];
    const responses: Record<string, unknown> = {};
    if (op.response) {
      responses[op.response.status] = {
        description: "Success",
        headers: REQUEST_ID_HEADER,
        ...(op.response.schema
          ? { content: { "application/json": { schema: jsonSchema(op.response.schema, "output") } } }
          : {}),
      };
    }
    // A body in another media type is a 415; a path parameter with a malformed escape is a 400.
    const statuses = new Set([
      ...op.errors,
      ...(op.request ? [415] : []),
      ...(pathParams.length ? [400] : []),
    ]);
    for (const status of [...statuses].sort()) {
      responses[status] = {
        description: "Problem",
        headers:
          status === 429 || status === 503
            ? { ...REQUEST_ID_HEADER, ...RETRY_AFTER_HEADER }
            : REQUEST_ID_HEADER,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: op.summary,
      ...(route.auth !== "public" ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(op.request, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Kindred", version, description: "Real-time recommendations and content ranking." },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Problem: jsonSchema(problemSchema, "output") },
    },
    paths,
  };
}
