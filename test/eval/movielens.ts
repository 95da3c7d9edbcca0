import { eachLine, type Interaction, LogFormatError } from "./interaction-log.js";

/** MovieLens 100k `u.item` genre flags, in file order. */
const U_ITEM_GENRES = [
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

/** MovieLens 100k `u.item` (`id|title|date|video|url|19 genre flags`): each item's genres, as categories. */
export function parseMovieLensItems(text: string): Map<string, string[]> {
  const genres = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const fields = line.split("|");
    if (fields.length < 5 + U_ITEM_GENRES.length) continue;
    const flags = fields.slice(-U_ITEM_GENRES.length);
    genres.set(
      fields[0] ?? "",
      U_ITEM_GENRES.filter((_, i) => flags[i] === "1").map((g) => `movies/${g}`),
    );
  }
  return genres;
}

/** The header line of `ml-latest` / `ml-latest-small` `ratings.csv`. */
export const ML_LATEST_RATINGS_HEADER = "userId,movieId,rating,timestamp";

/**
 * `ml-latest(-small)/ratings.csv`: `userId,movieId,rating,timestamp` (seconds) after a header. Every rating
 * counts as a view, as with `u.data`: ratings are half stars (0.5–5), which Kindred's `rate` events
 * (integers 1–5) cannot carry, and the implicit reading is what HR@10 comparisons use.
 */
export function parseMovieLensRatings(text: string): Interaction[] {
  const out: Interaction[] = [];
  let header = true;
  eachLine(text, (line, fail) => {
    if (header) {
      header = false;
      if (line !== ML_LATEST_RATINGS_HEADER) fail(`expected the header ${ML_LATEST_RATINGS_HEADER}`);
      return;
    }
    const [customerId = "", itemId = "", rating = "", seconds = "", extra] = line.split(",");
    if (extra !== undefined || !/^\d+$/.test(seconds) || Number.isNaN(Number(rating))) {
      fail("expected userId,movieId,rating,timestamp");
    }
    if (customerId === "" || itemId === "") fail("user and movie ids must not be empty");
    out.push({ customerId, itemId, at: Number(seconds) * 1000, type: "view" });
  });
  if (out.length === 0) throw new LogFormatError("the log has no ratings");
  return out;
}

/**
 * `ml-latest(-small)/movies.csv`: `movieId,title,genres` with genres `A|B` last (titles may hold quoted
 * commas, genres never do); genres become categories `movies/<genre>`, "(no genres listed)" none.
 */
export function parseMovieLensMovies(text: string): Map<string, string[]> {
  const genres = new Map<string, string[]>();
  let header = true;
  eachLine(text, (line) => {
    if (header) {
      header = false;
      return;
    }
    const id = line.slice(0, line.indexOf(","));
    const last = line.slice(line.lastIndexOf(",") + 1);
    const list = last === "(no genres listed)" ? [] : last.split("|").filter((g) => g !== "");
    genres.set(
      id,
      list.map((g) => `movies/${g.toLowerCase()}`),
    );
  });
  return genres;
}
