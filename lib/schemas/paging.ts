import { z } from "zod";
import { idSchema } from "./common.js";

/** The lists of resources that page (a cursor of one is refused by the others). */
export type ListedKind = "items" | "offers" | "experiments" | "rules";

/** Cursor format version: a cursor of another version is refused rather than misread. */
const CURSOR_VERSION = 1;

const cursorPayloadSchema = z.strictObject({ v: z.literal(CURSOR_VERSION), k: z.string(), a: idSchema });

/**
 * The opaque `cursor` of a list's next page: base64url of `{ v, k: list, a: last id returned }`. It holds
 * nothing but a position in a list its holder may read whole, so a forged cursor can only skip ahead; it
 * is still validated strictly (format, version, list, id), so a damaged or foreign one is a 400 naming
 * `cursor`, never a 500 nor a silent restart.
 */
export function encodeCursor(kind: ListedKind, after: string): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, k: kind, a: after }), "utf8").toString("base64url");
}

const decodeCursor = (kind: ListedKind) =>
  z
    .string()
    .max(1024)
    .meta({ description: "Opaque: the `nextCursor` of the previous page" })
    .transform((text, ctx) => {
      const fail = () => {
        ctx.addIssue({ code: "custom", message: "is not a cursor this list issued" });
        return z.NEVER;
      };
      if (!/^[A-Za-z0-9_-]+$/.test(text)) return fail();
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
      } catch {
        return fail();
      }
      const parsed = cursorPayloadSchema.safeParse(payload);
      if (!parsed.success || parsed.data.k !== kind) return fail();
      return parsed.data.a;
    });

/**
 * `?limit&cursor` of a list of resources: `limit` 1–100 (default 50) and the previous page's `nextCursor`,
 * parsed into the id to continue after.
 */
export const pageQuerySchema = (kind: ListedKind) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Page size, 1–100" }),
    cursor: decodeCursor(kind).optional(),
  });

export type PageQuery = z.output<ReturnType<typeof pageQuerySchema>>;

/** `nextCursor` of a page: present only when another page follows. */
export const nextCursorSchema = z
  .string()
  .optional()
  .meta({ description: "Send as `cursor` for the next page; absent on the last page" });

/** A page as the contract shapes it: `{ <list>: [...], nextCursor? }`, the cursor made from the last id. */
export function pageResponse<K extends string, T>(
  name: K,
  kind: ListedKind,
  page: { rows: T[]; last?: string | undefined },
): Record<K, T[]> & { nextCursor?: string } {
  return {
    [name]: page.rows,
    ...(page.last === undefined ? {} : { nextCursor: encodeCursor(kind, page.last) }),
  } as Record<K, T[]> & { nextCursor?: string };
}
