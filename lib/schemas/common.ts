import { z } from "zod";

/** Opaque identifiers chosen by clients: customer, item, event and offer ids. */
export const idSchema = z.string().min(1).max(128);

/** ISO-8601 instant with an explicit offset; normalised to UTC (`...Z`). */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .meta({ description: "ISO-8601 date-time with offset; returned in UTC" });

export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracyM: z.number().nonnegative().optional(),
});

export const countryCodeSchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 country code")
  .transform((s) => s.toUpperCase());

/** A category path, "shoes/running"; matched case-insensitively, so kept in lower case. */
export const categoryPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\s][^/]*(\/[^/\s][^/]*)*$/, 'must be a category path like "shoes/running"')
  .transform((s) => s.toLowerCase());

/** `limit` query parameters arrive as strings. */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(10);
