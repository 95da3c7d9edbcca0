import { z } from "zod";
import { labelSchema, storableNumber } from "./common.js";

/**
 * The knobs of how a placement ranks: what experiments vary per variant and what operators tune by configuration.
 * The defaults are what every list uses when nothing else is said.
 */
export interface Strategy {
  /** How much each signal counts in "recommended for you" and rank; each signal is scaled to 0–1 first. */
  weights: {
    /** Neighbours of what the customer viewed, carted or bought (also viewed / bought together). */
    related: number;
    /** Match with the customer's learned interests (categories, brands, tags, price band). */
    affinity: number;
    /** Popular now in the customer's country. */
    trending: number;
  };
  /** The largest share of a page one leaf category takes while other categories qualify (1: no limit). */
  diversity: number;
  /** Items shown this many times lately without a reaction lose `penalty` of their score per further showing. */
  rotation: { afterImpressions: number; penalty: number };
  /** How much nearness (1 − distance/radius), affinity to the offer's categories and its priority count. */
  offerWeights: { nearness: number; affinity: number; priority: number };
  /**
   * "Recommended for you" leaves out what the customer already interacted with; after this many days
   * without touching it an item may come back (null: never — every item in their history, and every
   * older one kept in their filter, stays out).
   */
  seenAgainAfterDays: number | null;
  /**
   * Cold items: up to `share` of each "for you" page (rounded down) goes to items that entered the catalog
   * within `newForDays`, best matching the customer's interests first, so an item can be found before it
   * has co-occurrences. 0 switches it off.
   */
  exploration: { share: number; newForDays: number };
  /**
   * Business rules (`/v1/rules`): whether they apply at all, and rule sets (a rule's `ruleSet`) switched off,
   * so a variant can leave out a promotion its control shows (or the reverse).
   */
  rules: { enabled: boolean; disabledSets: string[] };
  /**
   * What fills a communication's free space (`POST …/messages/next` with `fill`): `"asked"` keeps the
   * request's source; an experiment on the `messages` placement may try the other one.
   */
  messageFill: "asked" | "recommendations" | "offers";
}

export const DEFAULT_STRATEGY: Strategy = {
  weights: { related: 0.5, affinity: 0.3, trending: 0.2 },
  diversity: 1 / 3,
  rotation: { afterImpressions: 3, penalty: 0.5 },
  offerWeights: { nearness: 0.5, affinity: 0.3, priority: 0.2 },
  seenAgainAfterDays: null,
  exploration: { share: 0.1, newForDays: 30 },
  rules: { enabled: true, disabledSets: [] },
  messageFill: "asked",
};

/** Any of a strategy's knobs, each group partly: what configuration, a variant or an older version gives. */
export interface StrategyOverrides {
  weights?: Partial<Strategy["weights"]> | undefined;
  diversity?: number | undefined;
  rotation?: Partial<Strategy["rotation"]> | undefined;
  offerWeights?: Partial<Strategy["offerWeights"]> | undefined;
  seenAgainAfterDays?: number | null | undefined;
  exploration?: Partial<Strategy["exploration"]> | undefined;
  rules?: Partial<Strategy["rules"]> | undefined;
  messageFill?: Strategy["messageFill"] | undefined;
}

/**
 * A full strategy from some of its knobs: the rest take their defaults. Used for what operators configure and
 * for strategies stored by any version (a running experiment's variants), so none ever lacks a knob added
 * since it was written.
 */
export function completeStrategy(stored: StrategyOverrides | undefined): Strategy {
  const s = stored ?? {};
  return {
    weights: { ...DEFAULT_STRATEGY.weights, ...s.weights },
    diversity: s.diversity ?? DEFAULT_STRATEGY.diversity,
    rotation: { ...DEFAULT_STRATEGY.rotation, ...s.rotation },
    offerWeights: { ...DEFAULT_STRATEGY.offerWeights, ...s.offerWeights },
    seenAgainAfterDays:
      s.seenAgainAfterDays === undefined ? DEFAULT_STRATEGY.seenAgainAfterDays : s.seenAgainAfterDays,
    exploration: { ...DEFAULT_STRATEGY.exploration, ...s.exploration },
    rules: { ...DEFAULT_STRATEGY.rules, ...s.rules },
    messageFill: s.messageFill ?? DEFAULT_STRATEGY.messageFill,
  };
}

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
    rules: z
      .strictObject({
        enabled: z.boolean(),
        disabledSets: z.array(labelSchema(64)).max(50),
      })
      .partial()
      .optional(),
    messageFill: z.enum(["asked", "recommendations", "offers"]).optional(),
  })
  .transform((s): Strategy => completeStrategy(s))
  .refine((s) => Object.values(s.weights).some((w) => w > 0), {
    message: "at least one signal weight must be positive",
    path: ["weights"],
  });
export type StrategyInput = z.input<typeof strategySchema>;
