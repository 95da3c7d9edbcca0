import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import { RowCache } from "../../../lib/data/row-cache.js";
import type { TrendRow } from "../../../lib/domain/trending.js";

type Request = Record<string, { Keys: { pk: string; sk: string }[] }>;

/** The one table a BatchGet names. */
function onlyTable(items: Request): [string, Request[string]] {
  const [entry] = Object.entries(items);
  if (!entry) throw new Error("a BatchGet without a table");
  return entry;
}

/**
 * A store whose answers arrive out of order: the first BatchGet (row as of version 1) is held back until
 * released; later BatchGets answer at once with version 2.
 */
function slowFirstStore() {
  let version = 1;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let calls = 0;
  const send = async (cmd: {
    input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> };
  }) => {
    const v = version;
    const first = calls++ === 0;
    const [table, { Keys }] = onlyTable(cmd.input.RequestItems);
    const rows = Keys.filter((k) => k.sk === "TREND").map((k) => ({
      ...k,
      scope: k.pk.slice("TREND#".length),
      epoch: 0,
      latest: v,
      items: { [`item-v${v}`]: [1, 1] },
    }));
    if (first) await held;
    return { Responses: { [table]: rows } };
  };
  return { db: { send } as unknown as DynamoDBDocumentClient, release, bump: () => (version = 2) };
}

describe("trending rows a serving process keeps", () => {
  it("never replace a newer row with an older one that arrived late", async () => {
    const store = slowFirstStore();
    const trends = new RowCache<TrendRow>(1000);
    const reads = new DynamoRecommendationReads(store.db, "t", undefined, { trends });
    const slow = reads.read({ trendScopes: ["global"] }); // reads version 1, answer held back
    store.bump();
    const fresh = await reads.read({ trendScopes: ["global"] }); // version 2, cached
    expect(fresh.trends.get("global")?.latest).toBe(2);
    store.release();
    await slow;
    // A later request within the bound: it must not go back to version 1, which was read before version 2.
    const later = await reads.read({ trendScopes: ["global"] });
    expect(later.trends.get("global")?.latest).toBe(2);
  });
});

describe("the 1 s bound of trending rows", () => {
  it("counts from when the row was read, not from when the rest of the round trip ended", async () => {
    const clock = { now: 0 };
    let calls = 0;
    const send = async (cmd: {
      input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> };
    }) => {
      const [table, { Keys }] = onlyTable(cmd.input.RequestItems);
      calls++;
      if (calls === 1) {
        // The trend row is read now (t = 0); another key of the same BatchGet is left unprocessed.
        const trend = Keys.find((k) => k.sk === "TREND") ?? { pk: "", sk: "" };
        const others = Keys.filter((k) => k.sk !== "TREND");
        const row = { ...trend, scope: "global", epoch: 0, latest: 1, items: { a: [1, 1] } };
        return { Responses: { [table]: [row] }, UnprocessedKeys: { [table]: { Keys: others } } };
      }
      // The retry (after backoff, under throttling) answers 900 ms later.
      clock.now = 900;
      return { Responses: { [table]: [] } };
    };
    const trends = new RowCache<TrendRow>(1000, 64 * 1024 * 1024, () => clock.now);
    const reads = new DynamoRecommendationReads(
      { send } as unknown as DynamoDBDocumentClient,
      "t",
      undefined,
      { trends },
    );
    await reads.read({ trendScopes: ["global"], rules: "trending" });
    clock.now = 1500; // the row kept was read 1.5 s ago
    expect(trends.get("global")).toBeUndefined();
  });
});
