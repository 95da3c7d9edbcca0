import { describe, expect, it } from "vitest";
import { NEIGHBOUR_ROWS } from "../../../lib/data/rows/neighbours.js";
import { packDocument, unpackDocument } from "../../../lib/data/rows/packed-document.js";
import { profileRow } from "../../../lib/data/rows/profile.js";
import { trendRow } from "../../../lib/data/rows/trend.js";
import { emptyAppliedLog } from "../../../lib/domain/applied-log.js";
import { dict, parseJsonDocument } from "../../../lib/domain/dict.js";
import { emptyProfile } from "../../../lib/domain/profile.js";

// Strings that are not well-formed UTF-16 (a lone surrogate) are what JSON keeps (JSON.stringify escapes
// them as \udXXX) and what @msgpack/msgpack only keeps in strings of at most 50 code units: longer ones go
// through TextEncoder, which writes U+FFFD instead. Ids of up to 128 characters were accepted with lone
// surrogates until #11 added the well-formedness check, so a live table may hold them.
const LONG_LONE = `${"x".repeat(60)}\uD800`;
const LONG_REPLACED = `${"x".repeat(60)}\uFFFD`;

describe("documents against what JSON kept, in either format", () => {
  it.each(["json", "deflate", "msgpack"] as const)(
    "%s: keeps a long string holding a lone surrogate",
    (format) => {
      const value = { [LONG_LONE]: LONG_LONE };
      expect(JSON.stringify(unpackDocument(packDocument(value, format)))).toBe(
        JSON.stringify(parseJsonDocument(JSON.stringify(value))),
      );
    },
  );

  it.each(["json", "deflate", "msgpack"] as const)(
    "%s: keeps two ids apart that differ only in a lone surrogate",
    (format) => {
      const value = { [LONG_LONE]: 1, [LONG_REPLACED]: 2 };
      expect(Object.keys(unpackDocument(packDocument(value, format)) as object)).toHaveLength(2);
    },
  );

  it("a JSON profile written before, read and written again by this release, keeps its item ids", () => {
    const state = {
      ...emptyProfile("c1"),
      recentItems: [{ itemId: LONG_LONE, type: "view", at: 1 }],
      shown: { [LONG_LONE]: { count: 1, lastAt: 1 } },
    };
    const old = {
      doc: Buffer.from(JSON.stringify({ format: 2, state, log: emptyAppliedLog() }), "utf8"),
      v: 1,
    };
    const read = profileRow.fromItem({ ...old, updatedAt: 1 });
    expect(read.state.recentItems[0]?.itemId).toBe(LONG_LONE);
    const again = profileRow.fromItem(profileRow.toItem(read));
    expect(again.state.recentItems[0]?.itemId).toBe(LONG_LONE);
    expect(Object.keys(again.state.shown)).toEqual([LONG_LONE]);
  });

  it("a JSON trend row written before keeps its item ids when written again", () => {
    const old = {
      scope: "ALL",
      epoch: 0,
      latest: 0,
      v: 1,
      doc: Buffer.from(JSON.stringify([[LONG_LONE, 1, 2]]), "utf8"),
    };
    const { row, version } = trendRow.fromItem(old);
    const again = trendRow.fromItem(trendRow.toItem(row, version));
    expect(Object.keys(again.row.items)).toEqual([LONG_LONE]);
  });
});

describe("profiles stored when documents were a String attribute (`doc: JSON.stringify(doc)`)", () => {
  it("still read", () => {
    const doc = JSON.stringify({ format: 1, state: emptyProfile("c1"), log: emptyAppliedLog() });
    expect(profileRow.fromItem({ doc, v: 1, updatedAt: 1 }).state.customerId).toBe("c1");
  });
});

// A change of stored format ships in two steps (packed-document.ts): 0.2.0 reads deflate and writes JSON unless
// told otherwise, so a deploy in flight or rolled back to any 0.1.0 never meets a row it cannot read.
describe("a deploy in flight (functions updated one by one) or rolled back", () => {
  // 0.1.0's reader (git show 01e0069~1:lib/data/rows/packed-document.ts): bytes starting with { or [ are JSON,
  // read with parseJsonDocument; anything else is taken for MessagePack.
  const olderReader = (doc: Uint8Array) => {
    expect([0x7b, 0x5b]).toContain(doc[0]);
    return parseJsonDocument(Buffer.from(doc).toString("utf8"));
  };
  const profile = { state: emptyProfile("c1"), log: emptyAppliedLog(), version: 1, updatedAt: 1 };
  const trend = { scope: "ALL", epoch: 0, latest: 0, items: { i1: [1, 2] as [number, number] } };

  it("by default writes a profile 0.1.0 reads", () => {
    const item = profileRow.toItem(profile);
    expect(olderReader(item.doc as Uint8Array)).toMatchObject({ state: { customerId: "c1" } });
  });

  it("by default writes a trend row 0.1.0 reads", () => {
    expect(olderReader(trendRow.toItem(trend, 1).doc as Uint8Array)).toEqual([["i1", 1, 2]]);
  });

  it("writes compressed documents (a zlib stream) only when the deployment says deflate", () => {
    const doc = profileRow.toItem(profile, "deflate").doc as Uint8Array;
    expect(doc[0]).toBe(0x78);
    expect(unpackDocument(doc)).toMatchObject({ state: { customerId: "c1" } });
  });
});

describe("neighbour rows in either format", () => {
  const hood = {
    itemId: "a",
    occurrences: 9,
    neighbours: dict<number>([
      ["b", 5],
      ["__proto__", 3],
      [LONG_LONE, 1],
    ]),
  };
  const row = NEIGHBOUR_ROWS.also_viewed;

  it.each(["json", "deflate", "msgpack"] as const)("%s: read back whole and by their strongest", (format) => {
    const item = row.toItem(hood, 4, format);
    expect(row.fromItem(item)).toEqual({ hood, version: 4 });
    expect(Object.entries(row.strongestFromItem(item, 2).neighbours)).toEqual([
      ["b", 5],
      ["__proto__", 3],
    ]);
  });

  it("are written, by default, as the JSON string 0.1.0 reads", () => {
    const pairs = row.toItem(hood, 1).pairs;
    expect(typeof pairs).toBe("string");
    expect(JSON.parse(pairs as string)).toEqual([
      ["b", 5],
      ["__proto__", 3],
      [LONG_LONE, 1],
    ]);
  });
});
