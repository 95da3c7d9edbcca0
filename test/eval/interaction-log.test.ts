import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "./dataset.js";
import { LogFormatError, parseInteractionLog, parseJsonLines } from "./interaction-log.js";
import { parseMovieLensItems, parseMovieLensMovies, parseMovieLensRatings } from "./movielens.js";

describe("reading interaction logs", () => {
  it("reads CSV with or without a header, with epoch or ISO times and an optional type", () => {
    const log = parseInteractionLog(
      "customerId,itemId,timestamp,type\nc1,i1,2026-01-01T00:00:00Z,purchase\nc1,i2,1767225700\nc2,i1,1767225800000,view\n",
    );
    expect(log).toEqual([
      { customerId: "c1", itemId: "i1", at: Date.parse("2026-01-01T00:00:00Z"), type: "purchase" },
      { customerId: "c1", itemId: "i2", at: 1_767_225_700_000, type: "view" },
      { customerId: "c2", itemId: "i1", at: 1_767_225_800_000, type: "view" },
    ]);
  });

  it("reads MovieLens u.data (every rating is an interaction) and genres from u.item", () => {
    expect(parseInteractionLog("196\t242\t3\t881250949\n186\t302\t3\t891717742\n")).toEqual([
      { customerId: "196", itemId: "242", at: 881_250_949_000, type: "view" },
      { customerId: "186", itemId: "302", at: 891_717_742_000, type: "view" },
    ]);
    const genres = parseMovieLensItems(
      "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n",
    );
    expect(genres.get("1")).toEqual(["movies/animation", "movies/children", "movies/comedy"]);
  });

  it("reads JSON Lines with numeric or string ids and times", () => {
    expect(
      parseJsonLines(
        '{"customerId":"c1","itemId":"i1","timestamp":1767225700}\n\n{"customerId":7,"itemId":9,"timestamp":"2026-01-01T00:00:00Z","type":"click"}\n',
      ),
    ).toEqual([
      { customerId: "c1", itemId: "i1", at: 1_767_225_700_000, type: "view" },
      { customerId: "7", itemId: "9", at: Date.parse("2026-01-01T00:00:00Z"), type: "click" },
    ]);
    expect(() => parseJsonLines('{"customerId":"c1","itemId":"i1","timestamp":1}\n[1]\n')).toThrow(
      new LogFormatError("line 2: not a JSON object"),
    );
  });

  it("reads ml-latest ratings.csv (seconds, CRLF) and movies.csv genres, quoted titles and no genres included", () => {
    expect(
      parseMovieLensRatings("userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,0.5,964981247\r\n"),
    ).toEqual([
      { customerId: "1", itemId: "1", at: 964_982_703_000, type: "view" },
      { customerId: "1", itemId: "3", at: 964_981_247_000, type: "view" },
    ]);
    const genres = parseMovieLensMovies(
      'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n11,"American President, The (1995)",Comedy|Drama|Romance\n182727,A Christmas Story Live! (2017),(no genres listed)\n',
    );
    expect(genres.get("1")).toEqual(["movies/adventure", "movies/animation"]);
    expect(genres.get("11")).toEqual(["movies/comedy", "movies/drama", "movies/romance"]);
    expect(genres.get("182727")).toEqual([]);
  });

  it("names the line of a malformed entry", () => {
    expect(() => parseInteractionLog("c1,i1,2026-01-01T00:00:00Z\nc1,i2,yesterday\n")).toThrow(
      new LogFormatError("line 2: timestamp must be epoch seconds, epoch ms or ISO-8601"),
    );
    expect(() => parseInteractionLog("c1,i1,1767225700,like")).toThrow(/line 1: type must be one of/);
    expect(() => parseInteractionLog("\n\n")).toThrow(LogFormatError);
    expect(() => parseMovieLensRatings("userId,movieId,rating,timestamp\n1,2,3\n")).toThrow(/line 2/);
  });

  it("loads an ml-latest folder with its genres and the sha256 of both files", () => {
    const dir = mkdtempSync(join(tmpdir(), "ml-latest-"));
    const ratings = "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n";
    const movies = "movieId,title,genres\n1,Toy Story (1995),Comedy\n";
    writeFileSync(join(dir, "ratings.csv"), ratings);
    writeFileSync(join(dir, "movies.csv"), movies);
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const fromFolder = loadDataset(dir);
    expect(fromFolder.format).toBe("ml-latest");
    expect(fromFolder.categories?.get("1")).toEqual(["movies/comedy"]);
    expect(fromFolder.files.map((f) => f.sha256)).toEqual([sha(ratings), sha(movies)]);
    expect(loadDataset(join(dir, "ratings.csv")).interactions).toEqual(fromFolder.interactions);
  });
});
