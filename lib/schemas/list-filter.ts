import { z } from "zod";
import { idSchema, labelSchema, storableNumber } from "./common.js";

/** Request-time filters every list and rank takes: what the caller wants on this page only. */
export interface ListFilter {
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Any of these brands (compared without regard to case). */
  brand?: string[] | undefined;
  /** Any of these tags (compared without regard to case). */
  tag?: string[] | undefined;
  excludeItemIds?: string[] | undefined;
}

/** Query parameters named repeatable here arrive as arrays (see functions/http/request.ts). */
export const REPEATABLE_FILTERS = ["brand", "tag"] as const;

const MAX_EXCLUDED = 200;

const commaSeparated = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== ""),
  )
  .pipe(z.array(idSchema).max(MAX_EXCLUDED));

const priceFields = (number: z.ZodType<number, unknown>) => ({
  minPrice: number
    .optional()
    .meta({ description: "Only items priced at least this (items without a price are left out)" }),
  maxPrice: number
    .optional()
    .meta({ description: "Only items priced at most this (items without a price are left out)" }),
});

const samePriceOrder = (f: { minPrice?: unknown; maxPrice?: unknown }) =>
  typeof f.minPrice !== "number" || typeof f.maxPrice !== "number" || f.minPrice <= f.maxPrice;
const priceOrder = { message: "must not be below minPrice", path: ["maxPrice"] };

const brands = z.array(labelSchema(100)).max(20);
const tags = z.array(labelSchema(50)).max(20);

/**
 * The filters as query parameters of a list: `minPrice`, `maxPrice`, `brand` and `tag` (repeatable: any of
 * them), `excludeItemIds` (comma-separated).
 */
export const listFilterQueryFields = {
  ...priceFields(z.coerce.number().pipe(storableNumber()).pipe(z.number().nonnegative())),
  brand: brands.optional().meta({ description: "Only items of any of these brands (repeat the parameter)" }),
  tag: tags.optional().meta({ description: "Only items with any of these tags (repeat the parameter)" }),
  excludeItemIds: commaSeparated.optional().meta({ description: "Item ids never to show, comma-separated" }),
};

/** A list's query parameters with the filters, unchecked: what the OpenAPI description shows. */
export const listQuery = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ ...shape, ...listFilterQueryFields });

/** A list's query schema with the filters; `maxPrice` below `minPrice` is an error naming `maxPrice`. */
export const withListFilters = <S extends z.ZodRawShape>(shape: S) =>
  listQuery(shape).refine(samePriceOrder, priceOrder);

/** The filters as rank's body sends them (`filter: { ... }`): lists as arrays, or one value as a string. */
export const listFilterBodySchema = z
  .strictObject({
    ...priceFields(storableNumber().pipe(z.number().nonnegative())),
    brand: z.union([labelSchema(100).transform((b) => [b]), brands]).optional(),
    tag: z.union([labelSchema(50).transform((t) => [t]), tags]).optional(),
    excludeItemIds: z.union([commaSeparated, z.array(idSchema).max(MAX_EXCLUDED)]).optional(),
  })
  .refine(samePriceOrder, priceOrder);
