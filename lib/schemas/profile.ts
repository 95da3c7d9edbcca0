import { z } from "zod";
import { customerIdSchema } from "./common.js";
import { CHANNELS, EVENT_TYPES } from "./event.js";
import { CONTACT_CHANNELS, preferencesSchema } from "./preferences.js";

/** What a customer (or an admin) sees of a profile: everything kept about the customer, in plain terms. */
export const profileResponseSchema = z.object({
  customerId: z.string(),
  affinities: z
    .array(z.object({ feature: z.string(), weight: z.number() }))
    .meta({ description: "Learned interests, strongest first, decayed to the time of the request" }),
  recentItems: z.array(z.object({ itemId: z.string(), type: z.enum(EVENT_TYPES), at: z.string() })),
  purchases: z
    .array(z.object({ itemId: z.string(), at: z.string() }))
    .meta({ description: "The newest 200 distinct purchases" }),
  olderItemsSeen: z.number().int().optional().meta({
    description:
      'How many items interacted with before `recentItems` are kept, only as a filter that keeps them out of "recommended for you"',
  }),
  olderPurchases: z.number().int().optional().meta({
    description:
      "How many older purchases are kept, only as a filter that keeps them out of every list (the items cannot be read back from it)",
  }),
  channels: z.array(z.object({ channel: z.enum(CHANNELS), events: z.number().int(), lastAt: z.string() })),
  preferences: preferencesSchema,
  personalizationPausedAt: z.string().optional().meta({
    description: "When personalization was last switched off; events from then on are not learned from",
  }),
  personalizationResumedAt: z.string().optional(),
  lastLocation: z
    .object({ geohash: z.string().max(5), at: z.string() })
    .optional()
    .meta({ description: "Only with location consent: a ~5 km cell, never coordinates" }),
  country: z.object({ code: z.string(), at: z.string() }).optional(),
  relatedItems: z
    .array(z.object({ itemId: z.string(), weight: z.number() }))
    .meta({ description: "Items that go with what the customer did: candidates for their recommendations" }),
  shownWithoutReaction: z
    .array(z.object({ itemId: z.string(), times: z.number().int(), lastAt: z.string() }))
    .meta({ description: "Items shown lately without a reaction (they move down in lists)" }),
  mergedAnonymousIds: z.array(z.string()).meta({ description: "Anonymous ids whose history was merged in" }),
  offers: z
    .object({
      triggered: z.array(z.object({ offerId: z.string(), at: z.string(), until: z.string() })),
      redeemed: z.array(z.object({ offerId: z.string(), times: z.number().int() })),
    })
    .meta({ description: "Offers triggered by where the customer was, and how often each was redeemed" }),
  messagesSent: z
    .array(
      z.object({
        messageId: z.string(),
        times: z.number().int(),
        lastAt: z.string(),
        channel: z.enum(CONTACT_CHANNELS),
        variantId: z.string().optional(),
      }),
    )
    .meta({ description: "Communications sent to the customer: how often each, and the latest send" }),
  sendsByChannel: z
    .array(z.object({ channel: z.enum(CONTACT_CHANNELS), times: z.number().int(), lastAt: z.string() }))
    .meta({ description: "Communications sent per channel (what frequency limits count)" }),
  latestEvents: z.array(z.object({ type: z.enum(EVENT_TYPES), at: z.string() })).meta({
    description: "When the customer last did each kind of thing (a message can be suppressed by it)",
  }),
  eventCount: z.number().int(),
  updatedAt: z.string(),
});
export type ProfileResponse = z.output<typeof profileResponseSchema>;

/** `POST /v1/customers/{customerId}/merge` (admin): two known customers found to be one person. */
export const mergeRequestSchema = z.strictObject({
  previousId: customerIdSchema.meta({
    description: "The known customer whose profile merges into the one in the path",
  }),
});

export const mergeResponseSchema = z.object({
  customerId: z.string(),
  previousId: z.string(),
  mergedAt: z.string(),
});
