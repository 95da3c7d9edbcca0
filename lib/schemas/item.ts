import { z } from "zod";
import {
  categoryPathSchema,
  countryCodeSchema,
  idSchema,
  instantSchema,
  labelSchema,
  storableNumber,
  webUrlSchema,
} from "./common.js";

const CLOCK_SKEW_MS = 5 * 60_000;

export const itemSchema = z.strictObject({
  itemId: idSchema,
  title: z.string().min(1).max(500).optional(),
  categories: z.array(categoryPathSchema).max(20).default([]),
  brand: labelSchema(100).optional(),
  tags: z.array(labelSchema(50)).max(50).optional(),
  price: storableNumber().pipe(z.number().nonnegative()).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
    .optional(),
  available: z.boolean().default(true),
  regions: z.array(countryCodeSchema).max(250).optional(),
  imageUrl: webUrlSchema.optional(),
  url: webUrlSchema.optional(),
  /**
   * When the item entered the catalog; left out, its first upsert's time (kept on later upserts). Not in
   * the future (5 minutes of clock skew allowed): a future date would hold a place among the new arrivals.
   */
  createdAt: instantSchema
    .refine((at) => Date.parse(at) <= Date.now() + CLOCK_SKEW_MS, "must not be in the future")
    .optional(),
});
export type Item = z.output<typeof itemSchema>;

export const putItemsRequestSchema = z.strictObject({
  items: z.array(itemSchema).min(1, "send at least one item").max(500, "send at most 500 items per request"),
});

export const putItemsResponseSchema = z.object({ upserted: z.number().int() });
