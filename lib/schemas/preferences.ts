import { z } from "zod";
import { categoryPathSchema } from "./common.js";

export const CONTACT_CHANNELS = ["email", "sms", "push", "mail"] as const;
export const CONTACT_FREQUENCIES = ["daily", "weekly", "monthly", "never"] as const;

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
      frequency: z.enum(CONTACT_FREQUENCIES).optional(),
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
