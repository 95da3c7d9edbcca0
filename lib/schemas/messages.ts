import { z } from "zod";
import { countryCodeSchema, customerIdSchema, idSchema, instantSchema } from "./common.js";
import { EVENT_TYPES } from "./event-types.js";
import { customerOffersResponseSchema } from "./offer.js";
import { CONTACT_CHANNELS, MESSAGE_PURPOSES } from "./preferences.js";
import { recommendationResponseSchema } from "./recommendation.js";

/** Candidate messages per request, and variants per message: a campaign's choices, not a catalog. */
export const MESSAGE_REQUEST_LIMITS = { messages: 20, variants: 20, customers: 1000, fill: 20 } as const;

const languageTagSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "de" or "pt-BR"');

export const messageVariantSchema = z.strictObject({
  variantId: idSchema,
  language: languageTagSchema.optional().meta({ description: "Fits customers who prefer this language" }),
  countries: z.array(countryCodeSchema).min(1).max(250).optional().meta({
    description: "Fits customers whose latest country is one of these (e.g. country-specific legal text)",
  }),
  audience: z
    .enum(["all", "new", "returning"])
    .optional()
    .meta({ description: "`new`: no purchase yet; `returning`: at least one" }),
  sendNumber: z.number().int().min(1).max(1000).optional().meta({
    description: "Fits the n-th send of this message to the customer (2: the first reminder after it)",
  }),
});
export type MessageVariant = z.output<typeof messageVariantSchema>;

export const candidateMessageSchema = z
  .strictObject({
    messageId: idSchema,
    purpose: z.enum(MESSAGE_PURPOSES),
    combinable: z
      .boolean()
      .default(false)
      .meta({ description: "May go in the same communication as the message chosen" }),
    variants: z.array(messageVariantSchema).min(1).max(MESSAGE_REQUEST_LIMITS.variants).meta({
      description:
        "The most specific variant that fits the customer is chosen; the first fits when none is more",
    }),
    suppressIf: z
      .strictObject({
        eventTypes: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length),
        since: instantSchema,
      })
      .optional()
      .meta({
        description: "Not sent when the customer did one of these since then (e.g. paid a reminded bill)",
      }),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.variants.forEach((v, i) => {
      if (seen.has(v.variantId))
        ctx.addIssue({ code: "custom", path: ["variants", i, "variantId"], message: "appears twice" });
      seen.add(v.variantId);
    });
  });
export type CandidateMessage = z.output<typeof candidateMessageSchema>;

const nextMessageFields = {
  channel: z
    .enum(CONTACT_CHANNELS)
    .meta({ description: "Where the caller means to send, unless the customer chose" }),
  messages: z
    .array(candidateMessageSchema)
    .min(1)
    .max(MESSAGE_REQUEST_LIMITS.messages)
    .meta({ description: "Candidates, most important first" }),
  fill: z
    .strictObject({
      source: z.enum(["recommendations", "offers"]),
      limit: z.number().int().min(1).max(MESSAGE_REQUEST_LIMITS.fill).default(3),
    })
    .optional()
    .meta({ description: "Ranked items or offers for the communication's free space" }),
};

const uniqueMessageIds = (body: { messages: readonly { messageId: string }[] }, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  body.messages.forEach((m, i) => {
    if (seen.has(m.messageId))
      ctx.addIssue({ code: "custom", path: ["messages", i, "messageId"], message: "appears twice" });
    seen.add(m.messageId);
  });
};

/** `POST /v1/customers/{customerId}/messages/next`. */
export const nextMessageRequestSchema = z.strictObject(nextMessageFields).superRefine(uniqueMessageIds);
export type NextMessageRequest = z.output<typeof nextMessageRequestSchema>;

/** `POST /v1/messages/next` (ingest, admin): the same for up to 1,000 customers. */
export const nextMessagesRequestSchema = z
  .strictObject({
    customerIds: z.array(customerIdSchema).min(1).max(MESSAGE_REQUEST_LIMITS.customers),
    ...nextMessageFields,
  })
  .superRefine(uniqueMessageIds);
export type NextMessagesRequest = z.output<typeof nextMessagesRequestSchema>;

export const MESSAGE_REASON_TYPES = [
  "chosen",
  "channel_by_purpose",
  "channel_asked",
  "transactional",
  "variant",
  "combined",
  "frequency_never",
  "frequency_window",
  "journey_event",
  "no_variant",
  "not_combinable",
  "other_channel",
  "not_personalized",
] as const;
export type MessageReasonType = (typeof MESSAGE_REASON_TYPES)[number];

export const messageReasonSchema = z.object({
  type: z.enum(MESSAGE_REASON_TYPES),
  messageId: z.string().optional(),
  variantId: z.string().optional(),
  eventType: z.enum(EVENT_TYPES).optional(),
  at: z.string().optional().meta({ description: "When the event or send the reason names happened" }),
  text: z.string().meta({ description: "The reason in plain words" }),
});
export type MessageReason = z.output<typeof messageReasonSchema>;

const decisionFields = {
  recommendationId: z.string().meta({
    description: "Send back on later events (clicks, purchases) to attribute them to this decision",
  }),
  decision: z.enum(["send", "suppress"]),
  messageId: z.string().optional(),
  variantId: z.string().optional(),
  combined: z.array(z.object({ messageId: z.string(), variantId: z.string() })).optional(),
  channel: z.enum(CONTACT_CHANNELS),
  reasons: z.array(messageReasonSchema),
  items: recommendationResponseSchema.shape.items
    .optional()
    .meta({ description: "With `fill.source: recommendations`: ranked items for the free space" }),
  offers: customerOffersResponseSchema.shape.offers
    .optional()
    .meta({ description: "With `fill.source: offers`: ranked offers for the free space" }),
  personalized: z
    .boolean()
    .optional()
    .meta({ description: "With `fill`: false when the customer switched personalization off" }),
  experimentId: z.string().optional(),
  variant: z.string().optional(),
};

export const nextMessageResponseSchema = z.object(decisionFields);
export type NextMessageResponse = z.output<typeof nextMessageResponseSchema>;

export const nextMessagesResponseSchema = z.object({
  decisions: z.array(z.object({ customerId: z.string(), ...decisionFields })),
});
export type NextMessagesResponse = z.output<typeof nextMessagesResponseSchema>;
