import { z } from "zod";
import { eventSchema, eventsResponseSchema } from "../../lib/schemas/event.js";
import { itemSchema, putItemsRequestSchema, putItemsResponseSchema } from "../../lib/schemas/item.js";
import { listQuery } from "../../lib/schemas/list-filter.js";
import {
  customerOffersParamsSchema,
  customerOffersResponseSchema,
  offerSchema,
  putOffersRequestSchema,
} from "../../lib/schemas/offer.js";
import { preferencesSchema } from "../../lib/schemas/preferences.js";
import { mergeRequestSchema, mergeResponseSchema, profileResponseSchema } from "../../lib/schemas/profile.js";
import {
  LIST_QUERY_FIELDS,
  rankRequestSchema,
  recommendationResponseSchema,
} from "../../lib/schemas/recommendation.js";
import { visitorResponseSchema } from "../../lib/schemas/visitor.js";
import { EXPERIMENT_OPERATIONS } from "./openapi-experiment-operations.js";
import { listing } from "./openapi-listing.js";
import { MESSAGE_OPERATIONS } from "./openapi-message-operations.js";
import { healthSchema } from "./openapi-named-schemas.js";
import type { Operation } from "./openapi-operation.js";
import { RULE_OPERATIONS } from "./openapi-rule-operations.js";

const tent = { itemId: "tent-1", title: "Tent", categories: ["camping/tents"], price: 449 };

/** Every route's description, keyed by `METHOD path` (routes.ts). */
export const OPERATIONS: Record<string, Operation> = {
  "GET /v1/health": {
    operationId: "getHealth",
    tag: "Operations",
    summary: "Liveness and version",
    response: { status: 200, description: "Up", schema: healthSchema },
    errors: [],
  },
  "GET /v1/openapi.json": {
    operationId: "getOpenApiDocument",
    tag: "Operations",
    summary: "This document",
    response: {
      status: 200,
      description: "The OpenAPI 3.1 description of the API",
      schema: z.record(z.string(), z.unknown()),
    },
    errors: [],
  },
  "POST /v1/visitors": {
    operationId: "createVisitor",
    tag: "Visitors",
    summary: "Create an anonymous visitor",
    description:
      "No token needed: a fresh `anon-…` id and a customer token for it, valid up to 24 hours. Throttled per source address (429 with Retry-After).",
    response: { status: 201, description: "The new visitor and its token", schema: visitorResponseSchema },
    errors: [503],
  },
  "POST /v1/events": {
    operationId: "sendEvents",
    tag: "Events",
    summary: "Send interaction events",
    description:
      "1–500 events. Each index is accepted, rejected (with its errors) or failed (retryable); 400 only when none is valid. Deduplicated by (`customerId`, `eventId`) for at least 7 days.",
    request: z.object({ events: z.array(eventSchema).min(1).max(500) }),
    requestExample: {
      events: [
        {
          eventId: "evt-1",
          type: "view",
          customerId: "alice",
          itemId: "tent-1",
          timestamp: "2030-01-01T12:00:00Z",
        },
      ],
    },
    response: { status: 202, description: "What became of each event", schema: eventsResponseSchema },
    errors: [413, 503],
  },
  "PUT /v1/items": {
    operationId: "putItems",
    tag: "Catalog",
    summary: "Create or replace catalog items",
    description: "1–500 items; the last copy of an id in a request wins.",
    request: putItemsRequestSchema,
    requestExample: { items: [tent] },
    response: { status: 200, description: "How many were written", schema: putItemsResponseSchema },
    errors: [413, 503],
  },
  "GET /v1/items": listing("listItems", "Catalog", "List the catalog", "items", itemSchema),
  "GET /v1/items/{itemId}": {
    operationId: "getItem",
    tag: "Catalog",
    summary: "Read a catalog item",
    response: { status: 200, description: "The item", schema: itemSchema },
    errors: [404, 503],
  },
  "DELETE /v1/items/{itemId}": {
    operationId: "deleteItem",
    tag: "Catalog",
    summary: "Remove a catalog item",
    description: "It stops being recommended at once.",
    response: { status: 204, description: "Removed" },
    errors: [404, 503],
  },
  "GET /v1/items/{itemId}/also-viewed": {
    operationId: "getAlsoViewed",
    tag: "Recommendations",
    summary: "Shoppers who viewed this also viewed",
    description:
      "Learned from the event stream in real time; with `customerId`, re-ranked for that customer.",
    query: listQuery(LIST_QUERY_FIELDS.alsoViewed).omit({ itemId: true }),
    response: { status: 200, description: "The list", schema: recommendationResponseSchema },
    errors: [404, 503],
  },
  "GET /v1/items/{itemId}/bought-together": {
    operationId: "getBoughtTogether",
    tag: "Recommendations",
    summary: "Bought together",
    description: "Items bought by the same customers within a day of this one.",
    query: listQuery(LIST_QUERY_FIELDS.boughtTogether).omit({ itemId: true }),
    response: { status: 200, description: "The list", schema: recommendationResponseSchema },
    errors: [404, 503],
  },
  "GET /v1/trending": {
    operationId: "getTrending",
    tag: "Recommendations",
    summary: "Trending",
    description: "Popular now, decayed over time and lifted when rising; per country and/or category.",
    query: listQuery(LIST_QUERY_FIELDS.trending),
    response: { status: 200, description: "The list", schema: recommendationResponseSchema },
    errors: [503],
  },
  "GET /v1/customers/{customerId}/recommendations": {
    operationId: "getRecommendations",
    tag: "Recommendations",
    summary: "Recommended for you",
    description:
      "`me` for the token's own customer. Related to what they did, their interests and what is trending; trending alone for a customer without history.",
    query: listQuery(LIST_QUERY_FIELDS.forYou).omit({ customerId: true }),
    response: { status: 200, description: "The list", schema: recommendationResponseSchema },
    errors: [503],
  },
  "POST /v1/customers/{customerId}/rank": {
    operationId: "rankItems",
    tag: "Recommendations",
    summary: "Rank content for a customer",
    description:
      "Orders 1–500 caller-supplied candidates; items not in the catalog by their inline features.",
    request: rankRequestSchema,
    requestExample: { items: [{ itemId: "article-7", categories: ["camping/tents"] }, { itemId: "tent-1" }] },
    response: {
      status: 200,
      description: "The candidates, best first",
      schema: recommendationResponseSchema,
    },
    errors: [413, 503],
  },
  "GET /v1/customers/{customerId}/profile": {
    operationId: "getProfile",
    tag: "Customers",
    summary: "Everything kept about a customer",
    description: "The export, derived data included (`me` for the token's own).",
    response: { status: 200, description: "The profile", schema: profileResponseSchema },
    errors: [404, 503],
  },
  "PUT /v1/customers/{customerId}/preferences": {
    operationId: "putPreferences",
    tag: "Customers",
    summary: "Set the customer's controls",
    description: "Personalization, blocked categories, location consent and channels.",
    request: preferencesSchema,
    requestExample: { personalization: true, blockedCategories: ["apparel"], locationConsent: false },
    response: { status: 200, description: "The preferences as stored", schema: preferencesSchema },
    errors: [409, 503],
  },
  "DELETE /v1/customers/{customerId}": {
    operationId: "deleteCustomer",
    tag: "Customers",
    summary: "Erase a customer",
    description: "Everything kept about the customer; events from before the erasure never bring it back.",
    response: {
      status: 202,
      description: "Erased",
      schema: z.object({ customerId: z.string(), erasedAt: z.string() }),
    },
    errors: [503],
  },
  "POST /v1/customers/{customerId}/merge": {
    operationId: "mergeCustomers",
    tag: "Customers",
    summary: "Merge a known customer into this one (admin)",
    description: "Two accounts found to be one person; sending it again changes nothing.",
    request: mergeRequestSchema,
    requestExample: { previousId: "alice-old" },
    response: { status: 200, description: "Merged", schema: mergeResponseSchema },
    errors: [404, 503],
  },
  "PUT /v1/offers": {
    operationId: "putOffers",
    tag: "Offers",
    summary: "Create or replace offers (admin)",
    request: putOffersRequestSchema,
    requestExample: {
      offers: [
        {
          offerId: "cafe-1",
          title: "Espresso and croissant",
          location: { lat: 52.52, lon: 13.405 },
          radiusM: 500,
          validFrom: "2030-01-01T00:00:00Z",
          validUntil: "2031-01-01T00:00:00Z",
        },
      ],
    },
    response: { status: 200, description: "How many were written", schema: putItemsResponseSchema },
    errors: [409, 413, 503],
  },
  "GET /v1/offers": listing("listOffers", "Offers", "List the offers (admin)", "offers", offerSchema),
  "GET /v1/offers/{offerId}": {
    operationId: "getOffer",
    tag: "Offers",
    summary: "Read an offer (admin)",
    response: { status: 200, description: "The offer", schema: offerSchema },
    errors: [404, 503],
  },
  "DELETE /v1/offers/{offerId}": {
    operationId: "deleteOffer",
    tag: "Offers",
    summary: "Remove an offer (admin)",
    description: "It stops being shown, triggered copies included.",
    response: { status: 204, description: "Removed" },
    errors: [404, 503],
  },
  "GET /v1/customers/{customerId}/offers": {
    operationId: "getCustomerOffers",
    tag: "Offers",
    summary: "Offers around a customer",
    description:
      "At the given point, else (with consent) their last coarse location, plus those their location triggered.",
    query: customerOffersParamsSchema.omit({ customerId: true }),
    response: { status: 200, description: "The offers, best first", schema: customerOffersResponseSchema },
    errors: [503],
  },
  ...MESSAGE_OPERATIONS,
  ...EXPERIMENT_OPERATIONS,
  ...RULE_OPERATIONS,
};
