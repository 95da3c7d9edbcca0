import { z } from "zod";
import { categoryPathSchema } from "./common.js";

export const CONTACT_CHANNELS = ["email", "sms", "push", "mail"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_FREQUENCIES = ["daily", "weekly", "monthly", "never"] as const;
export type ContactFrequency = (typeof CONTACT_FREQUENCIES)[number];
export const MESSAGE_PURPOSES = ["marketing", "transactional"] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/** What a customer decides about their own data, as `PUT …/preferences` takes and the profile shows it. */
export const preferencesSchema = z.strictObject({
  personalization: z
    .boolean()
    .meta({ description: "false: events stop shaping the profile, and lists are not personalized" }),
  blockedCategories: z
    .array(categoryPathSchema)
    .max(50)
    .meta({ description: "These categories and everything below them never appear in the customer's lists" }),
  locationConsent: z.boolean().meta({
    description: "false: no coordinate or cell is kept; true: only a ~5 km geohash cell and its time",
  }),
  channels: z
    .strictObject({
      preferred: z.enum(CONTACT_CHANNELS),
      language: z
        .string()
        .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "de" or "pt-BR"')
        .optional(),
      frequency: z.enum(CONTACT_FREQUENCIES).optional().meta({
        description:
          "At most one marketing send per channel per day, week (7 days) or month (30 days), or none; transactional messages are not limited",
      }),
      byPurpose: z
        .strictObject({
          marketing: z.enum(CONTACT_CHANNELS).optional(),
          transactional: z.enum(CONTACT_CHANNELS).optional(),
        })
        .optional()
        .meta({ description: "The channel the customer wants for each kind of communication" }),
    })
    .optional(),
});
export type Preferences = z.output<typeof preferencesSchema>;

/** What every customer starts with until they say otherwise. */
export const DEFAULT_PREFERENCES: Preferences = {
  personalization: true,
  blockedCategories: [],
  locationConsent: false,
};
