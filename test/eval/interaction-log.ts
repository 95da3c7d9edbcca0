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

/** Epoch seconds (≤ 10 digits), epoch ms, or an ISO-8601 instant. */
function parseTime(text: string): number | undefined {
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (/^\d{11,13}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads an interaction log: MovieLens `u.data` (tab-separated `user item rating timestamp`; every rating
 * counts as a view — the usual implicit-feedback reading), or CSV `customerId,itemId,timestamp[,type]` with
 * an optional header, type one of view/click/add_to_cart/purchase (default view). A bad line stops the
 * read with its line number.
 */
export function parseInteractionLog(text: string): Interaction[] {
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== "") ?? "";
  const movieLens = first.split("\t").length === 4;
  const out: Interaction[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const fail = (why: string): never => {
      throw new LogFormatError(`line ${index + 1}: ${why}`);
    };
    const fields = movieLens ? line.split("\t") : line.split(",").map((f) => f.trim());
    if (!movieLens && index === lines.indexOf(first) && /customer/i.test(fields[0] ?? "")) return;
    if (movieLens && fields.length !== 4) fail("expected 4 tab-separated fields: user item rating timestamp");
    if (!movieLens && (fields.length < 3 || fields.length > 4)) {
      fail("expected customerId,itemId,timestamp[,type]");
    }
    const [customerId = "", itemId = "", third = "", fourth] = fields;
    if (customerId === "" || itemId === "") fail("customer and item ids must not be empty");
    const at = parseTime(movieLens ? (fourth ?? "") : third);
    if (at === undefined) fail("timestamp must be epoch seconds, epoch ms or ISO-8601");
    const type = (movieLens ? "view" : (fourth ?? "view")) as EventType;
    if (!LOG_TYPES.has(type)) fail(`type must be one of ${[...LOG_TYPES].join(", ")}`);
    out.push({ customerId, itemId, at: at as number, type });
  });
  if (out.length === 0) throw new LogFormatError("the log has no interactions");
  return out;
}

/** MovieLens `u.item` (`id|title|date|video|url|19 genre flags`): each item's genres, as categories. */
const GENRES = [
  "unknown",
  "action",
  "adventure",
  "animation",
  "children",
  "comedy",
  "crime",
  "documentary",
  "drama",
  "fantasy",
  "film-noir",
  "horror",
  "musical",
  "mystery",
  "romance",
  "sci-fi",
  "thriller",
  "war",
  "western",
];

export function parseMovieLensItems(text: string): Map<string, string[]> {
  const genres = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const fields = line.split("|");
    if (fields.length < 5 + GENRES.length) continue;
    const flags = fields.slice(-GENRES.length);
    genres.set(
      fields[0] ?? "",
      GENRES.filter((_, i) => flags[i] === "1").map((g) => `movies/${g}`),
    );
  }
  return genres;
}
