import { z } from "zod";
import { categoryPathSchema, idSchema, instantSchema, labelSchema, storableNumber } from "./common.js";

/** Where a rule applies; `*` is every list and rank (bought together included). */
export const RULE_PLACEMENTS = ["recommendations", "also-viewed", "rank", "trending", "*"] as const;
export type RulePlacement = (typeof RULE_PLACEMENTS)[number];

/** Rule ids name a rule in reasons and paths: a plain alphabet, short. */
export const ruleIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '-' or '_'");

const price = storableNumber().pipe(z.number().nonnegative());

/**
 * Which items a rule is about: AND across fields, OR within one. A category matches its sub-categories;
 * brands and tags are compared without regard to case.
 */
export const matchSchema = z
  .strictObject({
    itemIds: z.array(idSchema).min(1).max(100).optional(),
    categories: z.array(categoryPathSchema).min(1).max(20).optional(),
    brands: z.array(labelSchema(100)).min(1).max(20).optional(),
    tags: z.array(labelSchema(50)).min(1).max(20).optional(),
    price: z
      .strictObject({ min: price.optional(), max: price.optional() })
      .refine((p) => p.min !== undefined || p.max !== undefined, "give min, max or both")
      .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
        message: "must not be below min",
        path: ["max"],
      })
      .optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), {
    message: "name at least one of itemIds, categories, brands, tags or price",
  });
export type Match = z.output<typeof matchSchema>;

const common = {
  placement: z.enum(RULE_PLACEMENTS),
  validFrom: instantSchema.optional().meta({ description: "Applies from this time on (default: now)" }),
  validUntil: instantSchema
    .optional()
    .meta({ description: "Applies until this time (default: until deleted)" }),
  ruleSet: labelSchema(64)
    .optional()
    .meta({ description: "A name an experiment variant's strategy can switch off (`rules.disabledSets`)" }),
  description: z
    .string()
    .max(500)
    .refine((d) => !/\p{Cs}/u.test(d), "must be well-formed Unicode text")
    .optional(),
};

const ruleFields = z.discriminatedUnion("action", [
  z.strictObject({
    ...common,
    action: z.literal("filter"),
    mode: z.enum(["include", "exclude"]).meta({ description: "only items that match, or never them" }),
    when: matchSchema,
  }),
  z.strictObject({
    ...common,
    action: z.literal("boost"),
    factor: storableNumber()
      .pipe(z.number().min(0.1).max(10))
      .meta({ description: "Matching items' scores are multiplied by this (0.1–10; below 1 buries)" }),
    when: matchSchema,
  }),
  z.strictObject({
    ...common,
    action: z.literal("pin"),
    itemId: idSchema,
    position: z.number().int().min(1).max(100).meta({ description: "1-based place on the page" }),
    when: matchSchema.optional().meta({ description: "Pin only while the item matches this" }),
  }),
  z.strictObject({
    ...common,
    action: z.literal("promote"),
    share: storableNumber()
      .pipe(z.number().min(0).max(0.5))
      .meta({ description: "Up to this share of each page (rounded down) goes to matching items" }),
    when: matchSchema,
  }),
]);

/** A rule as a merchandiser sends it (`PUT /v1/rules/{ruleId}`). */
export const ruleRequestSchema = ruleFields.superRefine((rule, ctx) => {
  if (rule.validFrom && rule.validUntil && rule.validUntil <= rule.validFrom) {
    ctx.addIssue({ code: "custom", path: ["validUntil"], message: "must be after validFrom" });
  }
});
export type RuleRequest = z.output<typeof ruleRequestSchema>;

/** A rule as stored: the request, its id and when it last changed. */
export type Rule = RuleRequest & { ruleId: string; updatedAt: string };

/** A rule as returned: as stored, and whether it applies now. */
export const ruleSchema = z.intersection(
  ruleFields,
  z.object({
    ruleId: z.string(),
    updatedAt: z.string().meta({ description: "ISO-8601, UTC" }),
    status: z.enum(["scheduled", "active", "expired", "pending"]).meta({
      description:
        "At the time of the response; `pending`: stored but not applied, after a failed or interrupted PUT — send it again",
    }),
  }),
);
export type RuleView = z.output<typeof ruleSchema>;
