import type { z } from "zod";

/** How one route is described: the schemas are those its handler validates with and answers in. */
export interface Operation {
  /** The method name in generated clients. */
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  request?: z.ZodType;
  /** An example request body, checked against the request schema by the linter. */
  requestExample?: unknown;
  /** Query parameters, as an object schema. */
  query?: z.ZodObject;
  response: { status: number; description: string; schema?: z.ZodType };
  /** Failures specific to the route; 400/401/403/415/429 follow from its shape (openapi-document.ts). */
  errors: number[];
}

export const TAGS = {
  Operations: "Health and this description",
  Visitors: "Anonymous visitors for sites and apps without a backend",
  Events: "Interaction events in",
  Catalog: "Catalog items (admin)",
  Recommendations: "Lists: also viewed, bought together, trending, recommended for you, rank",
  Customers: "The customer's own data and controls",
  Offers: "Location-based offers",
  Communications: "What to send each customer next: preferences, variants, combined sends, suppression",
  Experiments: "A/B tests of placements (admin)",
  Rules: "Business rules: filter, boost, promote and pin (admin)",
} as const;
export type Tag = keyof typeof TAGS;
