import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type Interaction, parseInteractionLog, parseJsonLines } from "./interaction-log.js";
import {
  ML_LATEST_RATINGS_HEADER,
  parseMovieLensItems,
  parseMovieLensMovies,
  parseMovieLensRatings,
} from "./movielens.js";

/** An input file as measured: its path as given and the sha256 (hex) of its bytes. */
export interface InputFile {
  path: string;
  sha256: string;
}

/** A log ready to evaluate, with what it was read from. */
export interface Dataset {
  name: string;
  /** Which reader was used: `movielens-100k`, `ml-latest`, `csv`, `jsonl`, or a generated log's name. */
  format: string;
  interactions: Interaction[];
  /** Item categories, when the log comes with them (MovieLens genres). */
  categories?: Map<string, string[]>;
  files: InputFile[];
}

function read(path: string, encoding: BufferEncoding): { text: string; file: InputFile } {
  const bytes = readFileSync(path);
  return {
    text: bytes.toString(encoding),
    file: { path, sha256: createHash("sha256").update(bytes).digest("hex") },
  };
}

/**
 * Reads a log from a path: a folder or `ratings.csv` in the `ml-latest(-small)` layout (with `movies.csv`
 * beside it for genres), MovieLens 100k `u.data` (with `u.item` beside it), JSON Lines (`.jsonl` /
 * `.ndjson`), or CSV `customerId,itemId,timestamp[,type]`.
 */
export function loadDataset(path: string): Dataset {
  const ratingsPath = existsSync(path) && statSync(path).isDirectory() ? join(path, "ratings.csv") : path;
  const dir = dirname(ratingsPath);
  const log = read(ratingsPath, "utf8");
  const firstLine = log.text.slice(0, 200).split(/\r?\n/)[0]?.trim();
  if (firstLine === ML_LATEST_RATINGS_HEADER) {
    const moviesPath = join(dir, "movies.csv");
    const movies = existsSync(moviesPath) ? read(moviesPath, "utf8") : undefined;
    return {
      name: basename(dir),
      format: "ml-latest",
      interactions: parseMovieLensRatings(log.text),
      ...(movies ? { categories: parseMovieLensMovies(movies.text) } : {}),
      files: movies ? [log.file, movies.file] : [log.file],
    };
  }
  if (/\.(jsonl|ndjson)$/i.test(ratingsPath)) {
    return {
      name: basename(ratingsPath),
      format: "jsonl",
      interactions: parseJsonLines(log.text),
      files: [log.file],
    };
  }
  const interactions = parseInteractionLog(log.text);
  const itemPath = join(dir, "u.item");
  if (firstLine?.split("\t").length === 4) {
    // u.item titles are Latin-1, as GroupLens ships them.
    const items = existsSync(itemPath) ? read(itemPath, "latin1") : undefined;
    return {
      name: `${basename(dir)}/${basename(ratingsPath)}`,
      format: "movielens-100k",
      interactions,
      ...(items ? { categories: parseMovieLensItems(items.text) } : {}),
      files: items ? [log.file, items.file] : [log.file],
    };
  }
  return { name: basename(ratingsPath), format: "csv", interactions, files: [log.file] };
}
