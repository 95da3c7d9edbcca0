import { z } from "zod";
import { countryCodeSchema, idSchema, limitSchema } from "./common.js";

export const reasonSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("also_viewed"), itemId: z.string() }),
  z.object({ type: z.literal("bought_together"), itemId: z.string() }),
  z.object({ type: z.literal("affinity"), feature: z.string() }),
  z.object({ type: z.literal("trending") }),
  z.object({ type: z.literal("nearby") }),
]);
export type Reason = z.output<typeof reasonSchema>;

export const recommendationResponseSchema = z.object({
  recommendationId: z
    .string()
    .meta({ description: "Send back on later events to attribute them to this response" }),
  items: z.array(z.object({ itemId: z.string(), score: z.number(), reasons: z.array(reasonSchema) })),
  experimentId: z.string().optional(),
  variant: z.string().optional(),
});
export type RecommendationResponse = z.output<typeof recommendationResponseSchema>;

export const alsoViewedQuerySchema = z.object({
  itemId: idSchema,
  limit: limitSchema,
  customerId: idSchema.optional(),
});

export const boughtTogetherQuerySchema = alsoViewedQuerySchema.omit({ customerId: true });

export const trendingQuerySchema = z.object({
  country: countryCodeSchema.optional(),
  category: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\s][^/]*(\/[^/\s][^/]*)*$/, 'must be a category path like "shoes/running"')
    .transform((s) => s.toLowerCase())
    .optional(),
  limit: limitSchema,
});
export type TrendingQuery = z.output<typeof trendingQuerySchema>;
