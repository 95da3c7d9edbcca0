import { z } from "zod";
import { categoryPathSchema, countryCodeSchema, idSchema, labelSchema, limitSchema } from "./common.js";
import { listFilterBodySchema, withListFilters } from "./list-filter.js";

export const reasonSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("also_viewed"), itemId: z.string() }),
  z.object({ type: z.literal("bought_together"), itemId: z.string() }),
  z.object({ type: z.literal("affinity"), feature: z.string() }),
  z.object({ type: z.literal("trending") }),
  z.object({ type: z.literal("nearby") }),
  z.object({ type: z.literal("exploration") }).meta({
    description:
      "a cold item, new to the catalog, given a bounded share of the page (strategy `exploration`)",
  }),
  z
    .object({ type: z.literal("personalization_off") })
    .meta({ description: "the customer switched personalization off: this list is the same for everyone" }),
  z.object({ type: z.literal("promoted"), ruleId: z.string() }).meta({
    description: "placed by a `promote` rule: its share of the page goes to items it matches",
  }),
  z.object({ type: z.literal("pinned"), ruleId: z.string() }).meta({
    description: "placed at this position by a `pin` rule",
  }),
  z.object({ type: z.literal("boosted"), ruleId: z.string() }).meta({
    description: "score multiplied by a `boost` rule's factor",
  }),
  z.object({ type: z.literal("caller_order"), position: z.number().int() }).meta({
    description: "rank only: no signal told candidates apart, so the caller's order (0-based) stands",
  }),
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

/** Each list's own query parameters (the request-time filters join them: list-filter.ts). */
export const LIST_QUERY_FIELDS = {
  alsoViewed: { itemId: idSchema, limit: limitSchema, customerId: idSchema.optional() },
  boughtTogether: { itemId: idSchema, limit: limitSchema },
  trending: {
    country: countryCodeSchema.optional(),
    category: categoryPathSchema.optional(),
    limit: limitSchema,
  },
  forYou: {
    customerId: idSchema,
    limit: limitSchema,
    category: categoryPathSchema
      .optional()
      .meta({ description: "Only items in this category (or below it)" }),
    country: countryCodeSchema
      .optional()
      .meta({ description: "The caller's country; defaults to the country of the customer's latest events" }),
  },
};

export const alsoViewedQuerySchema = withListFilters(LIST_QUERY_FIELDS.alsoViewed);
export const boughtTogetherQuerySchema = withListFilters(LIST_QUERY_FIELDS.boughtTogether);
export const trendingQuerySchema = withListFilters(LIST_QUERY_FIELDS.trending);
export type TrendingQuery = z.output<typeof trendingQuerySchema>;
export const forYouQuerySchema = withListFilters(LIST_QUERY_FIELDS.forYou);
export type ForYouQuery = z.output<typeof forYouQuerySchema>;

export const MAX_RANK_CANDIDATES = 500;

export const rankCandidateSchema = z.strictObject({
  itemId: idSchema,
  categories: z.array(categoryPathSchema).max(20).optional(),
  tags: z.array(labelSchema(100)).max(50).optional(),
  brand: labelSchema(200).optional(),
});

/** A rank body's fields besides its candidates (see rank-request.ts, which parses them alone). */
export const rankOptionsFields = {
  limit: limitSchema,
  filter: listFilterBodySchema.optional().meta({ description: "Request-time filters, as lists take them" }),
};

export const rankRequestSchema = z
  .strictObject({
    items: z
      .array(rankCandidateSchema)
      .min(1)
      .max(MAX_RANK_CANDIDATES)
      .meta({ description: "Candidates; items not in the catalog are ranked by the features given here" }),
    ...rankOptionsFields,
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.items.forEach((item, index) => {
      if (seen.has(item.itemId)) {
        ctx.addIssue({ code: "custom", path: ["items", index, "itemId"], message: "appears twice" });
      }
      seen.add(item.itemId);
    });
  });
export type RankRequest = z.output<typeof rankRequestSchema>;
