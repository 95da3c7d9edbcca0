import { toFieldIssues } from "../schemas/issues.js";
import { type Item, itemSchema } from "../schemas/item.js";
import { checkHeader, type Prepared } from "./event-rows.js";

/** Columns an items CSV may have; only `itemId` is required. List columns hold `|`-separated values. */
export const ITEM_CSV_COLUMNS = [
  "itemId",
  "title",
  "categories",
  "brand",
  "tags",
  "price",
  "currency",
  "available",
  "regions",
  "imageUrl",
  "url",
  "createdAt",
] as const;
const LIST_COLUMNS = new Set(["categories", "tags", "regions"]);

/** Why an items CSV header cannot be imported, or undefined when it can. */
export function checkItemHeader(columns: readonly string[]): string | undefined {
  return checkHeader(columns, ITEM_CSV_COLUMNS, ["itemId"]);
}

/**
 * An items CSV row as the Item shape: empty cells are absent; `categories`, `tags` and `regions` split on
 * `|` (a CSV cell cannot hold an array, and `|` appears in no category path or country code); `price` a
 * number; `available` true/false (also 1/0, yes/no). Cells that do not convert stay text, so validation
 * names their field.
 */
export function itemFromCsvRow(row: Readonly<Record<string, string>>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [column, rawCell] of Object.entries(row)) {
    const text = rawCell.trim();
    if (text === "") continue;
    if (LIST_COLUMNS.has(column)) item[column] = text.split("|").map((part) => part.trim());
    else if (column === "price") item[column] = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (column === "available") item[column] = parseFlag(text);
    else item[column] = text;
  }
  return item;
}

function parseFlag(text: string): boolean | string {
  const lower = text.toLowerCase();
  if (["true", "1", "yes"].includes(lower)) return true;
  if (["false", "0", "no"].includes(lower)) return false;
  return text;
}

/** Validates one item as `PUT /v1/items` does, with field paths relative to the item (`price`). */
export function prepareItem(raw: unknown): Prepared<Item> {
  const parsed = itemSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: toFieldIssues(parsed.error) };
}
