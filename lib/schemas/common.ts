import { z } from "zod";

/** True when `s` holds no lone surrogate, i.e. it can be written as UTF-8 (and so stored and compared). */
export const isWellFormed = (s: string) => !/\p{Cs}/u.test(s);

/**
 * Text that callers choose and that Kindred compares: Unicode NFC, trimmed, and well-formed, so the same
 * text in another Unicode form (or with stray spaces around it) is the same value everywhere downstream.
 */
const comparableText = () =>
  z.string().normalize("NFC").trim().refine(isWellFormed, "must be well-formed Unicode text");

/**
 * Opaque identifiers chosen by clients: customer, item, event and offer ids. Compared after NFC
 * normalisation and trimming (the contract's "Conventions"); any other text is data, `__proto__` included.
 */
export const idSchema = comparableText()
  .min(1)
  .max(128)
  // A URL path cannot name these (clients resolve dot segments), so such a resource could never be reached.
  .refine((id) => id !== "." && id !== "..", 'must not be "." or ".."');

/** The `me` alias in customer paths stands for the token's own subject; it is never a customer id. */
export const SELF_ALIAS = "me";

/**
 * A customer id given in a body (events' `customerId`, `previousId`): an id, and never `me`, which stands for
 * the token's own subject in paths.
 */
export const customerIdSchema = idSchema.refine(
  (id) => id !== SELF_ALIAS,
  `"${SELF_ALIAS}" is reserved for the caller's own id in paths and is never a customer id`,
);

/** Brands and tags: compared like ids (NFC, trimmed); features fold their case (lib/domain/item-features). */
export const labelSchema = (max: number) => comparableText().min(1).max(max);

/**
 * A number DynamoDB can store as given: 0, or a magnitude from 10⁻⁹ to 2⁵³ − 1. DynamoDB refuses numbers
 * below 10⁻¹³⁰ and the document client integers past 2⁵³; the narrower range leaves no surprise between.
 */
export const storableNumber = () =>
  z
    .number()
    .finite()
    .refine(
      (x) => x === 0 || (Math.abs(x) >= 1e-9 && Math.abs(x) <= Number.MAX_SAFE_INTEGER),
      "must be 0 or between 1e-9 and 9007199254740991 in magnitude",
    );

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
  .trim()
  .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 country code")
  .transform((s) => s.toUpperCase());

const trimSegments = (path: string) =>
  path
    .split("/")
    .map((segment) => segment.trim())
    .join("/");

/**
 * A category path, "shoes/running": NFC, trimmed (each level too) and case-folded, so "Shoes / Running" and
 * the same letters in another Unicode form are one category wherever categories are compared.
 */
export const categoryPathSchema = comparableText()
  .toLowerCase()
  .normalize("NFC")
  .overwrite(trimSegments)
  .min(1)
  .max(200)
  .regex(/^[^/]+(\/[^/]+)*$/, 'must be a category path like "shoes/running"');

/** An absolute http or https URL (no `javascript:`, `data:` or relative URLs): what a client may link to. */
export const webUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (s) => /^https?:\/\/[^\s/?#][^\s]*$/i.test(s) && URL.canParse(s),
    "must be an absolute http or https URL",
  )
  .meta({ format: "uri" });

/** `limit` query parameters arrive as strings. */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(10);
