import { z } from "zod";
import { locationSchema } from "../../lib/schemas/common.js";
import { eventSchema, eventsResponseSchema } from "../../lib/schemas/event.js";
import { experimentResultsSchema, experimentSchema } from "../../lib/schemas/experiment.js";
import { itemSchema } from "../../lib/schemas/item.js";
import {
  candidateMessageSchema,
  messageReasonSchema,
  nextMessageResponseSchema,
} from "../../lib/schemas/messages.js";
import { customerOffersResponseSchema, offerSchema } from "../../lib/schemas/offer.js";
import { preferencesSchema } from "../../lib/schemas/preferences.js";
import { profileResponseSchema } from "../../lib/schemas/profile.js";
import { reasonSchema, recommendationResponseSchema } from "../../lib/schemas/recommendation.js";
import { strategySchema } from "../../lib/schemas/strategy.js";
import { visitorResponseSchema } from "../../lib/schemas/visitor.js";

/** RFC 9457 problem details, as every error is answered (functions/http/problem.ts). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .meta({ description: "Each failing field, by its dotted path" }),
});

export const healthSchema = z.object({ status: z.literal("ok"), version: z.string() });

export interface Named {
  id: string;
  description?: string;
  examples?: unknown[];
}

/**
 * The schemas that get a name in `components.schemas` (and so a type of their own in generated clients),
 * with their descriptions and examples. The schemas themselves are the ones that validate requests.
 */
export const NAMED: [z.ZodType, Named][] = [
  [
    eventSchema,
    {
      id: "Event",
      description: "An interaction; which fields are required depends on `type` (see the contract)",
      examples: [
        {
          eventId: "evt-1",
          type: "view",
          customerId: "alice",
          itemId: "tent-1",
          timestamp: "2030-01-01T12:00:00Z",
          channel: "app",
        },
      ],
    },
  ],
  [eventsResponseSchema, { id: "EventsAccepted", examples: [{ accepted: 1, rejected: [], failed: [] }] }],
  [
    itemSchema,
    {
      id: "Item",
      description: "A catalog item",
      examples: [
        {
          itemId: "tent-1",
          title: "Tent",
          categories: ["camping/tents"],
          price: 449,
          available: true,
          createdAt: "2026-01-01T00:00:00.000Z",
        },
      ],
    },
  ],
  [
    offerSchema,
    {
      id: "Offer",
      description: "A location-based offer",
      examples: [
        {
          offerId: "cafe-1",
          title: "Espresso and croissant",
          location: { lat: 52.52, lon: 13.405 },
          radiusM: 500,
          validFrom: "2030-01-01T00:00:00Z",
          validUntil: "2031-01-01T00:00:00Z",
          audience: "all",
          priority: 0,
        },
      ],
    },
  ],
  [locationSchema, { id: "Location", description: "WGS 84 degrees; accuracy in metres" }],
  [
    reasonSchema,
    {
      id: "Reason",
      description: "Why an item is in a list",
      examples: [{ type: "also_viewed", itemId: "sku-9" }],
    },
  ],
  [
    recommendationResponseSchema,
    {
      id: "Recommendations",
      description: "A ranked list, best first, each item with its reasons",
      examples: [
        {
          recommendationId: "6f1c2a9e-4b1d-4a8e-9a57-3c1f0e1b2d3c",
          items: [{ itemId: "tent-1", score: 0.82, reasons: [{ type: "trending" }] }],
        },
      ],
    },
  ],
  [
    customerOffersResponseSchema,
    { id: "CustomerOffers", description: "Offers around a customer, best first" },
  ],
  [profileResponseSchema, { id: "Profile", description: "Everything kept about a customer" }],
  [preferencesSchema, { id: "Preferences", description: "The customer's own controls" }],
  [strategySchema, { id: "Strategy", description: "How a list ranks: any knob left out keeps its default" }],
  [experimentSchema, { id: "Experiment", description: "An experiment's definition as stored" }],
  [experimentResultsSchema, { id: "ExperimentResults" }],
  [visitorResponseSchema, { id: "Visitor", description: "A fresh anonymous visitor and its token" }],
  [
    candidateMessageSchema,
    { id: "CandidateMessage", description: "A message that may be sent, with its variants" },
  ],
  [
    messageReasonSchema,
    { id: "MessageReason", description: "Why a message is sent, combined or suppressed" },
  ],
  [
    nextMessageResponseSchema,
    { id: "MessageDecision", description: "What to send a customer next, or nothing" },
  ],
  [healthSchema, { id: "Health", examples: [{ status: "ok", version: "0.2.0" }] }],
  [
    problemSchema,
    {
      id: "Problem",
      description: "RFC 9457 problem details",
      examples: [
        {
          type: "urn:kindred:problem:invalid-input",
          title: "Invalid request",
          status: 400,
          detail: "The request is not valid.",
          errors: [{ path: "limit", message: "Too big: expected number to be <=100" }],
        },
      ],
    },
  ],
];
