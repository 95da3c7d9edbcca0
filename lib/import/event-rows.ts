import { createHash } from "node:crypto";
import type { FieldIssue } from "../errors.js";
import { eventSchema, type KindredEvent, MAX_FUTURE_SKEW_MS } from "../schemas/event.js";
import { toFieldIssues } from "../schemas/issues.js";

/**
 * Columns an events CSV may have, in any order (a header row is required). `customerId` and `timestamp`
 * are required; `type` defaults to `view`; `itemId` is required by the types that name an item.
 */
export const EVENT_CSV_COLUMNS = [
  "customerId",
  "itemId",
  "timestamp",
  "type",
  "eventId",
  "value",
  "channel",
  "country",
  "messageId",
  "variantId",
  "messageChannel",
] as const;
const REQUIRED_EVENT_COLUMNS = ["customerId", "timestamp"] as const;

/** What one row became: an event ready to send, or the fields that are wrong with it. */
export type Prepared<T> = { ok: true; value: T } | { ok: false; errors: FieldIssue[] };

/** Prefix of the event ids the importer derives for rows without one (see importEventId). */
export const IMPORT_EVENT_ID_PREFIX = "imp-";

/** Why an events CSV header cannot be imported, or undefined when it can. */
export function checkEventHeader(columns: readonly string[]): string | undefined {
  return checkHeader(columns, EVENT_CSV_COLUMNS, REQUIRED_EVENT_COLUMNS);
}

/** Shared by events and items: unknown, missing and repeated columns are each named. */
export function checkHeader(
  columns: readonly string[],
  known: readonly string[],
  required: readonly string[],
): string | undefined {
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length > 0) return `unknown column(s) ${unknown.join(", ")}; known: ${known.join(", ")}`;
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) return `missing column(s) ${missing.join(", ")}`;
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) return `repeated column(s) ${[...new Set(repeated)].join(", ")}`;
  return undefined;
}

/**
 * An events CSV row (cells by column name) as the Event shape of the contract: empty cells are absent,
 * `type` defaults to `view`, `value` becomes a number and `country` goes into `context`. Cells that do not
 * convert are passed on as text, so validation names their field.
 */
export function eventFromCsvRow(row: Readonly<Record<string, string>>): Record<string, unknown> {
  const cell = (name: string) => {
    const text = row[name]?.trim();
    return text === undefined || text === "" ? undefined : text;
  };
  const value = cell("value");
  const country = cell("country");
  const event: Record<string, unknown> = {
    eventId: cell("eventId"),
    type: cell("type") ?? "view",
    customerId: cell("customerId"),
    itemId: cell("itemId"),
    timestamp: cell("timestamp"),
    value: value !== undefined && Number.isFinite(Number(value)) ? Number(value) : value,
    channel: cell("channel"),
    context: country === undefined ? undefined : { country },
    messageId: cell("messageId"),
    variantId: cell("variantId"),
    messageChannel: cell("messageChannel"),
  };
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
}

/**
 * Validates one event as ingest does (the Event schema and the 5-minute future limit), with field paths
 * relative to the event (`timestamp`, `context.country`). A row without `eventId` gets importEventId's.
 * `now` is epoch ms.
 */
export function prepareEvent(raw: unknown, now: number): Prepared<KindredEvent> {
  const fields = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : undefined;
  if (!fields) return { ok: false, errors: [{ path: "(row)", message: "must be a JSON object" }] };
  const given = (fields as Record<string, unknown>).eventId;
  // A placeholder lets the schema check everything else; the real id is derived from the parsed event.
  const parsed = eventSchema.safeParse(given === undefined ? { ...fields, eventId: "pending" } : fields);
  if (!parsed.success) return { ok: false, errors: toFieldIssues(parsed.error) };
  const event = parsed.data;
  if (Date.parse(event.timestamp) > now + MAX_FUTURE_SKEW_MS) {
    return {
      ok: false,
      errors: [{ path: "timestamp", message: "must not be more than 5 minutes in the future" }],
    };
  }
  return { ok: true, value: given === undefined ? { ...event, eventId: importEventId(event) } : event };
}

/**
 * A deterministic event id for a row that has none: `imp-` and 128 bits of SHA-256 over every field of
 * the validated (normalised) event except its id. The same event therefore gets the same id in every run,
 * whichever file, line or position it comes from (a resumed run, a re-export in another order, a file that
 * grew), and the consumer's dedupe by (`customerId`, `eventId`) recognises it. The price: two rows equal in
 * every field are one event; give rows an `eventId` column to keep such twins apart.
 */
export function importEventId(event: KindredEvent): string {
  // A fixed field order, independent of how the row or the schema ordered its keys.
  const canonical = JSON.stringify([
    event.customerId,
    event.type,
    event.timestamp,
    event.itemId ?? null,
    event.itemIds ?? null,
    event.offerId ?? null,
    event.recommendationId ?? null,
    event.value ?? null,
    event.query ?? null,
    event.location ? [event.location.lat, event.location.lon, event.location.accuracyM ?? null] : null,
    event.previousId ?? null,
    event.channel,
    event.context
      ? [event.context.country, event.context.region, event.context.locale, event.context.device].map(
          (v) => v ?? null,
        )
      : null,
    // Only events that have them carry the message fields: the ids of every other event stay as they were.
    ...(event.messageId === undefined
      ? []
      : [[event.messageId, event.variantId ?? null, event.messageChannel ?? null]]),
  ]);
  const digest = createHash("sha256").update(canonical).digest().subarray(0, 16).toString("base64url");
  return `${IMPORT_EVENT_ID_PREFIX}${digest}`;
}
