import { z } from "zod";
import { countryCodeSchema, customerIdSchema, idSchema, instantSchema, locationSchema } from "./common.js";
import { EVENT_TYPE_BEHAVIOUR, EVENT_TYPES, type EventType, eventTypesWhere } from "./event-types.js";
import { CONTACT_CHANNELS } from "./preferences.js";

export { EVENT_TYPES, type EventType } from "./event-types.js";

/** Event types that are about one catalog item and therefore carry `itemId`. */
export const ITEM_EVENT_TYPES: ReadonlySet<EventType> = eventTypesWhere((row) =>
  row.requires.includes("itemId"),
);

export const CHANNELS = ["web", "app", "store", "email", "call_center", "other"] as const;
export type Channel = (typeof CHANNELS)[number];

/** How far ahead of the receiver's clock an event may claim to have happened. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

const baseEventSchema = z.strictObject({
  eventId: idSchema,
  type: z.enum(EVENT_TYPES),
  customerId: customerIdSchema,
  timestamp: instantSchema,
  itemId: idSchema.optional(),
  itemIds: z.array(idSchema).min(1).max(100).optional(),
  offerId: idSchema.optional(),
  recommendationId: idSchema.optional(),
  value: z.number().finite().optional(),
  query: z.string().min(1).max(512).optional(),
  location: locationSchema.optional(),
  previousId: customerIdSchema.optional(),
  /** For `message_sent`: the communication sent, its variant and the channel it went out on. */
  messageId: idSchema.optional(),
  variantId: idSchema.optional(),
  messageChannel: z.enum(CONTACT_CHANNELS).optional(),
  /**
   * For `identify` sent with a `customer` token: a visitor token whose subject is `previousId`, proving the
   * caller holds that anonymous id. Checked at ingest, never stored.
   */
  previousToken: z
    .string()
    .max(4096)
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "must be a token (a JWT)")
    .optional(),
  channel: z.enum(CHANNELS).default("other"),
  context: z
    .strictObject({
      country: countryCodeSchema.optional(),
      region: z.string().min(1).max(64).optional(),
      locale: z.string().min(2).max(35).optional(),
      device: z.string().min(1).max(64).optional(),
    })
    .optional(),
});

/** An interaction event, with the field requirements that depend on its type. */
export const eventSchema = baseEventSchema.superRefine((e, ctx) => {
  const need = (field: keyof typeof e, message: string) => {
    if (e[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message });
  };
  const behaviour = EVENT_TYPE_BEHAVIOUR[e.type];
  for (const field of behaviour.requires) need(field, `required for ${e.type} events`);
  if (e.type === "identify") {
    if (e.previousId !== undefined && e.previousId === e.customerId) {
      ctx.addIssue({ code: "custom", path: ["previousId"], message: "must differ from customerId" });
    }
  }
  if (e.type !== "identify" && e.previousToken !== undefined) {
    ctx.addIssue({ code: "custom", path: ["previousToken"], message: "only for identify events" });
  }
  if (e.type === "message_sent" && e.itemId !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["itemId"],
      message: "not for message_sent events (a send is no interaction with an item)",
    });
  }
  if (e.type !== "message_sent") {
    for (const field of ["messageId", "variantId", "messageChannel"] as const)
      if (e[field] !== undefined)
        ctx.addIssue({ code: "custom", path: [field], message: "only for message_sent events" });
  }
  if (behaviour.value === "rating") {
    if (e.value === undefined || !Number.isInteger(e.value) || e.value < 1 || e.value > 5) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "rate events need an integer value from 1 to 5",
      });
    }
  }
  if (behaviour.value === "amount" && e.value !== undefined && e.value < 0) {
    ctx.addIssue({ code: "custom", path: ["value"], message: "a purchase amount cannot be negative" });
  }
});

export type KindredEvent = z.output<typeof eventSchema>;

export const eventsRequestSchema = z.strictObject({
  events: z
    .array(z.unknown())
    .min(1, "send at least one event")
    .max(500, "send at most 500 events per request"),
});

const rejectedSchema = z.object({
  index: z.number().int(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const eventsResponseSchema = z.object({
  accepted: z.number().int(),
  rejected: z.array(rejectedSchema),
  failed: z.array(z.object({ index: z.number().int(), retryable: z.boolean() })),
});
export type EventsResponse = z.output<typeof eventsResponseSchema>;
