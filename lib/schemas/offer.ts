import { z } from "zod";
import { categoryPathSchema, countryCodeSchema, idSchema, instantSchema } from "./common.js";

/** Offers reach at most this far: a "nearby" offer across a whole region is not one. */
export const MAX_OFFER_RADIUS_M = 50_000;

export const offerSchema = z
  .strictObject({
    offerId: idSchema,
    title: z.string().min(1).max(200),
    location: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    radiusM: z.number().positive().max(MAX_OFFER_RADIUS_M),
    validFrom: instantSchema,
    validUntil: instantSchema,
    categories: z.array(categoryPathSchema).max(20).optional(),
    countries: z.array(countryCodeSchema).max(50).optional(),
    audience: z.enum(["all", "new", "returning"]).default("all"),
    maxPerCustomer: z.number().int().min(1).max(1000).optional(),
    priority: z.number().min(0).max(100).default(0),
  })
  .superRefine((offer, ctx) => {
    if (Date.parse(offer.validFrom) >= Date.parse(offer.validUntil)) {
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "must be after validFrom" });
    }
  });
export type Offer = z.output<typeof offerSchema>;

export const putOffersRequestSchema = z.strictObject({
  offers: z.array(offerSchema).min(1).max(500),
});

/** The parameters as documented; `customerOffersQuerySchema` adds that lat and lon come together. */
export const customerOffersParamsSchema = z.object({
  customerId: idSchema,
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const customerOffersQuerySchema = customerOffersParamsSchema.superRefine((q, ctx) => {
  if ((q.lat === undefined) !== (q.lon === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [q.lat === undefined ? "lat" : "lon"],
      message: "lat and lon go together",
    });
  }
});
export type CustomerOffersQuery = z.output<typeof customerOffersQuerySchema>;

export const customerOffersResponseSchema = z.object({
  recommendationId: z.string(),
  offers: z.array(
    z.object({
      offerId: z.string(),
      title: z.string(),
      distanceM: z.number().nullable(),
      score: z.number(),
      reasons: z.array(z.record(z.string(), z.unknown())),
      validUntil: z.string(),
    }),
  ),
  experimentId: z.string().optional(),
  variant: z.string().optional(),
});
export type CustomerOffersResponse = z.output<typeof customerOffersResponseSchema>;
