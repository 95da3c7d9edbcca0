import { z } from "zod";
import { storableNumber } from "./common.js";
import { strategySchema } from "./strategy.js";

export const PLACEMENTS = ["recommendations", "also-viewed", "rank", "offers", "messages"] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Experiment ids and variant names travel inside recommendation ids: a plain alphabet, short. */
export const experimentIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "must be 1–40 letters, digits, '-' or '_'");

const experimentFields = z.strictObject({
  placement: z.enum(PLACEMENTS),
  variants: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, "must be 1–20 letters, digits, '-' or '_'"),
        weight: storableNumber().pipe(z.number().positive().max(1000)),
        strategy: strategySchema,
      }),
    )
    .min(2)
    .max(10)
    .meta({ description: "The first variant is the control" }),
  status: z.enum(["running", "stopped"]),
  minImpressionsPerVariant: z
    .number()
    .int()
    .min(100)
    .max(100_000_000)
    .default(1000)
    .meta({ description: "Planned sample per variant before the results are read as conclusive" }),
});

export const experimentRequestSchema = experimentFields.superRefine((body, ctx) => {
  const seen = new Set<string>();
  body.variants.forEach((v, i) => {
    if (seen.has(v.name))
      ctx.addIssue({ code: "custom", path: ["variants", i, "name"], message: "appears twice" });
    seen.add(v.name);
  });
});
export type ExperimentRequest = z.output<typeof experimentRequestSchema>;

/** An experiment as stored and returned: the request, its id and when it last changed. */
export const experimentSchema = experimentFields.extend({
  experimentId: z.string(),
  updatedAt: z.string().meta({ description: "ISO-8601, UTC" }),
});
export type Experiment = z.output<typeof experimentSchema>;

const nullableNumber = z.number().nullable();

export const experimentResultsSchema = z.object({
  experimentId: z.string(),
  status: z.enum(["running", "stopped"]),
  placement: z.enum(PLACEMENTS),
  variants: z.array(
    z.object({
      name: z.string(),
      impressions: z.number().int(),
      clicks: z.number().int(),
      conversions: z.number().int(),
      ctr: nullableNumber,
      conversionRate: nullableNumber,
      lift: nullableNumber.meta({ description: "Relative change of click-through against the control" }),
      ci95: z.tuple([z.number(), z.number()]).nullable(),
      pValue: nullableNumber.meta({ description: "Two-sided two-proportion z-test against the control" }),
    }),
  ),
  conclusive: z.boolean(),
  note: z.string(),
});
export type ExperimentResults = z.output<typeof experimentResultsSchema>;
