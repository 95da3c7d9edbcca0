import { z } from "zod";
import { parseOrThrow } from "./issues.js";
import {
  MAX_RANK_CANDIDATES,
  type RankRequest,
  rankOptionsFields,
  rankRequestSchema,
} from "./recommendation.js";

/**
 * Parsing a rank body: the same result as `parseOrThrow(rankRequestSchema, body)`, without zod's cost on
 * 500 candidates (about 1 ms of CPU per request, half of issue #18's budget). Nearly every body a client
 * sends holds candidates already in their normal form: printable ASCII ids, brands and tags without
 * surrounding spaces, lower-case category paths. For those, every transform of the schema (NFC, trimming,
 * case folding) is the identity and every check can be made on the text as it is, so the candidates are
 * checked here and taken as they are. Anything else — a single candidate not plainly in normal form, a field
 * unknown, a duplicate — goes through the schema itself, which normalises it or names each failing path.
 */
export function parseRankRequest(body: unknown): RankRequest {
  return quickParse(body) ?? parseOrThrow(rankRequestSchema, body);
}

/** The body's other fields (limit, filter): few, so zod parses them. */
const optionsSchema = z.strictObject(rankOptionsFields);

/**
 * Printable ASCII with no space at either end: NFC, well-formed and trimmed as it is. `[!-~]` is every
 * printable character but the space.
 */
const PLAIN = /^[!-~](?:[ -~]*[!-~])?$/;
/**
 * A category path in normal form: levels of printable ASCII without upper-case letters, none empty or with
 * a space at either end. `[!-.0-@[-~]` is `[!-~]` without `/` and `A-Z`.
 */
const PLAIN_CATEGORY =
  /^[!-.0-@[-~](?:[ -.0-@[-~]*[!-.0-@[-~])?(?:\/[!-.0-@[-~](?:[ -.0-@[-~]*[!-.0-@[-~])?)*$/;

/** Limits of rankCandidateSchema and the schemas it uses (common.ts), in UTF-16 code units. */
const MAX_ID = 128;
const MAX_CATEGORIES = 20;
const MAX_CATEGORY = 200;
const MAX_TAGS = 50;
const MAX_TAG = 100;
const MAX_BRAND = 200;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const plain = (value: unknown, max: number): boolean =>
  typeof value === "string" && value.length <= max && PLAIN.test(value);

const plainList = (value: unknown, maxItems: number, test: (v: unknown) => boolean): boolean =>
  Array.isArray(value) && value.length <= maxItems && value.every(test);

const plainCategory = (value: unknown): boolean =>
  typeof value === "string" && value.length <= MAX_CATEGORY && PLAIN_CATEGORY.test(value);
const plainTag = (value: unknown): boolean => plain(value, MAX_TAG);

/** Whether one candidate is valid and in normal form (then the schema would return it unchanged). */
function plainCandidate(candidate: unknown): boolean {
  if (!isPlainObject(candidate)) return false;
  for (const key of Object.keys(candidate)) {
    const value = candidate[key];
    if (key === "itemId") {
      if (!plain(value, MAX_ID) || value === "." || value === "..") return false;
    } else if (key === "categories") {
      if (!plainList(value, MAX_CATEGORIES, plainCategory)) return false;
    } else if (key === "tags") {
      if (!plainList(value, MAX_TAGS, plainTag)) return false;
    } else if (key === "brand") {
      if (!plain(value, MAX_BRAND)) return false;
    } else return false;
  }
  return typeof candidate.itemId === "string";
}

/** The parsed body when its candidates are all in normal form and it is valid; otherwise undefined. */
function quickParse(body: unknown): RankRequest | undefined {
  if (!isPlainObject(body)) return undefined;
  const { items, ...options } = body;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_RANK_CANDIDATES) return undefined;
  const seen = new Set<string>();
  for (const candidate of items) {
    if (!plainCandidate(candidate)) return undefined;
    const { itemId } = candidate as { itemId: string };
    if (seen.has(itemId)) return undefined;
    seen.add(itemId);
  }
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) return undefined;
  return { items: items as RankRequest["items"], ...parsed.data };
}
