import { z } from "zod";
import { completeStrategy, type Strategy } from "../domain/strategy.js";
import { storableNumber } from "./common.js";

const weight = storableNumber().pipe(z.number().min(0).max(100));

/** A strategy as configured or sent: any knob may be left out and keeps its default; unknown knobs are errors. */
export const strategySchema = z
  .strictObject({
    weights: z.strictObject({ related: weight, affinity: weight, trending: weight }).partial().optional(),
    diversity: storableNumber().pipe(z.number().gt(0).max(1)).optional(),
    rotation: z
      .strictObject({
        afterImpressions: z.number().int().min(1).max(1000),
        penalty: storableNumber().pipe(z.number().min(0).max(1)),
      })
      .partial()
      .optional(),
    offerWeights: z
      .strictObject({ nearness: weight, affinity: weight, priority: weight })
      .partial()
      .optional(),
    seenAgainAfterDays: storableNumber().pipe(z.number().min(0).max(3650)).nullable().optional(),
    exploration: z
      .strictObject({
        share: storableNumber().pipe(z.number().min(0).max(0.5)),
        newForDays: storableNumber().pipe(z.number().gt(0).max(3650)),
      })
      .partial()
      .optional(),
  })
  .transform((s): Strategy => completeStrategy(s))
  .refine((s) => Object.values(s.weights).some((w) => w > 0), {
    message: "at least one signal weight must be positive",
    path: ["weights"],
  });
export type StrategyInput = z.input<typeof strategySchema>;
