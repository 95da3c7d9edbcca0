import type { EventType } from "../../lib/schemas/event.js";

/** One line of an interaction log. */
export interface Interaction {
  customerId: string;
  itemId: string;
  /** Epoch ms. */
  at: number;
  type: EventType;
}

const LOG_TYPES = new Set<EventType>(["view", "click", "add_to_cart", "purchase"]);

export class LogFormatError extends Error {}

/** Epoch seconds (≤ 10 digits), epoch ms (11–13 digits), or an ISO-8601 instant; epoch ms out. */
export function parseTime(text: string): number | undefined {
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{11,13}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Calls `read(fields-of-line, fail)` for every non-empty line; `fail` throws with the 1-based line number. */
export function eachLine(text: string, read: (line: string, fail: (why: string) => never) => void): void {
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    read(line, (why) => {
      throw new LogFormatError(`line ${index + 1}: ${why}`);
    });
  });
}

/** An interaction from already-split fields, or a failure naming what is wrong. */
function interaction(
  fields: { customerId: string; itemId: string; time: string; type: string | undefined },
  fail: (why: string) => never,
): Interaction {
  if (fields.customerId === "" || fields.itemId === "") fail("customer and item ids must not be empty");
  const at = parseTime(fields.time);
  if (at === undefined) return fail("timestamp must be epoch seconds, epoch ms or ISO-8601");
  const type = (fields.type ?? "view") as EventType;
  if (!LOG_TYPES.has(type)) fail(`type must be one of ${[...LOG_TYPES].join(", ")}`);
  return { customerId: fields.customerId, itemId: fields.itemId, at, type };
}

/**
 * Reads an interaction log: MovieLens `u.data` (tab-separated `user item rating timestamp`; every rating
 * counts as a view — the usual implicit-feedback reading), or CSV `customerId,itemId,timestamp[,type]` with
 * an optional header, type one of view/click/add_to_cart/purchase (default view). A bad line stops the
 * read with its line number.
 */
export function parseInteractionLog(text: string): Interaction[] {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const movieLens = first.split("\t").length === 4;
  const out: Interaction[] = [];
  let header = !movieLens && /customer/i.test(first.split(",")[0] ?? "");
  eachLine(text, (line, fail) => {
    if (header) {
      header = false;
      return;
    }
    const fields = movieLens ? line.split("\t") : line.split(",").map((f) => f.trim());
    if (movieLens && fields.length !== 4) fail("expected 4 tab-separated fields: user item rating timestamp");
    if (!movieLens && (fields.length < 3 || fields.length > 4)) {
      fail("expected customerId,itemId,timestamp[,type]");
    }
    const [customerId = "", itemId = "", third = "", fourth] = fields;
    out.push(
      interaction(
        movieLens
          ? { customerId, itemId, time: fourth ?? "", type: undefined }
          : { customerId, itemId, time: third, type: fourth },
        fail,
      ),
    );
  });
  if (out.length === 0) throw new LogFormatError("the log has no interactions");
  return out;
}

/**
 * Reads JSON Lines: one object per line, `{"customerId", "itemId", "timestamp"[, "type"]}`; the timestamp a
 * number (epoch seconds or ms, told apart by digits) or an ISO-8601 string; ids may be strings or numbers.
 */
export function parseJsonLines(text: string): Interaction[] {
  const out: Interaction[] = [];
  eachLine(text, (line, fail) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      fail("not a JSON object");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail("not a JSON object");
    const o = parsed as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
    if (o.type !== undefined && typeof o.type !== "string") fail("type must be a string");
    out.push(
      interaction(
        {
          customerId: text(o.customerId),
          itemId: text(o.itemId),
          time: text(o.timestamp),
          type: o.type as string | undefined,
        },
        fail,
      ),
    );
  });
  if (out.length === 0) throw new LogFormatError("the log has no interactions");
  return out;
}
