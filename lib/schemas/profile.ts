import { z } from "zod";
import { CHANNELS, EVENT_TYPES } from "./event.js";

/** What a customer (or an admin) sees of a profile: everything kept about the customer, in plain terms. */
export const profileResponseSchema = z.object({
  customerId: z.string(),
  affinities: z
    .array(z.object({ feature: z.string(), weight: z.number() }))
    .meta({ description: "Learned interests, strongest first, decayed to the time of the request" }),
  recentItems: z.array(z.object({ itemId: z.string(), type: z.enum(EVENT_TYPES), at: z.string() })),
  purchases: z.array(z.object({ itemId: z.string(), at: z.string() })),
  channels: z.array(z.object({ channel: z.enum(CHANNELS), events: z.number().int(), lastAt: z.string() })),
  preferences: z.object({
    personalization: z.boolean(),
    blockedCategories: z.array(z.string()),
    locationConsent: z.boolean(),
  }),
  lastLocation: z.object({ geohash: z.string().max(5), at: z.string() }).optional(),
  eventCount: z.number().int(),
  updatedAt: z.string(),
});
export type ProfileResponse = z.output<typeof profileResponseSchema>;
