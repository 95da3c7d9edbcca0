import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable } from "../../../infra/local/embedded-stores.js";
import {
  CatalogProjection,
  HEAD_MAX_AGE_MS,
  MAX_SHARD_BYTES,
  shardOf,
} from "../../../lib/data/catalog-projection.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../../lib/data/clients.js";
import { backfillCatalogProjection } from "../../../lib/data/projection-backfill.js";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import {
  catalogItemRow,
  newArrivalsRow,
  projectionHeadRow,
  projectionShardRow,
} from "../../../lib/data/rows/index.js";
import { Conflict } from "../../../lib/errors.js";
import { meterRequests } from "../../support/request-meter.js";
import { servingProcess as serving, tent } from "../../support/serving-process.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const item = tent;

const servingProcess = (db = t.db) => serving(db, t.config.tableName);

/** Makes the next `times` head updates fail as a throttled / timed-out request would. */
function failHeadWrites(db: ReturnType<typeof createDynamoClient>, times: number) {
  let left = times;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: { sk?: unknown } };
      const sk = input.Key?.sk;
      const isHead = sk === "PROJECTION_HEAD" || (sk as { S?: string } | undefined)?.S === "PROJECTION_HEAD";
      if (context.commandName?.startsWith("Update") && isHead && left > 0) {
        left--;
        throw Object.assign(new Error("Rate exceeded"), { name: "ProvisionedThroughputExceededException" });
      }
      return next(args);
    },
    { step: "initialize", name: "failHeadWrites" },
  );
}

describe("the catalog projection when writes fail or race", () => {
  it("a withdrawal whose head write failed, then retried successfully, reaches other processes", async () => {
    const id = uniqueId("withdrawn");
    const writer = new DynamoCatalogStore(t.db, t.config.tableName);
    await writer.upsertItems([item(id)]);
    const serving = servingProcess();
    await serving.reads.read({});
    expect((await serving.reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(true);

    const faulty = createDynamoClient(t.config);
    failHeadWrites(faulty, 1);
    const flaky = new DynamoCatalogStore(faulty, t.config.tableName);
    // The client sees a 5xx and retries the same request, as the docs tell it to; the retry succeeds.
    await expect(flaky.upsertItems([item(id, { available: false })])).rejects.toThrow();
    await flaky.upsertItems([item(id, { available: false })]);

    serving.clock.now += 10 * HEAD_MAX_AGE_MS;
    await serving.reads.read({});
    // Withdrawn everywhere within about a second, although the first attempt left the head behind.
    expect((await serving.reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(false);
  });

  it("a delete whose head write failed, then retried, reaches other processes", async () => {
    const id = uniqueId("deleted");
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([item(id)]);
    const serving = servingProcess();
    await serving.reads.read({});
    expect((await serving.reads.read({ itemIds: [id] })).items.has(id)).toBe(true);

    const faulty = createDynamoClient(t.config);
    failHeadWrites(faulty, 1);
    const flaky = new DynamoCatalogStore(faulty, t.config.tableName);
    await expect(flaky.deleteItem(id)).rejects.toThrow();
    await flaky.deleteItem(id);

    serving.clock.now += 10 * HEAD_MAX_AGE_MS;
    await serving.reads.read({});
    expect((await serving.reads.read({ itemIds: [id] })).items.has(id)).toBe(false);
  });

  it("an upsert that overfills a shard in UTF-8 bytes (non-Latin tags) is a 409 naming the bound", async () => {
    const run = uniqueId("cjk");
    // 50 tags of 50 CJK characters: 2,500 UTF-16 code units but 7,500 UTF-8 bytes per item.
    const tags = Array.from({ length: 50 }, (_, i) => `${"商".repeat(48)}${String(i).padStart(2, "0")}`);
    const target = shardOf(`${run}-0`);
    const sameShard: string[] = [];
    for (let i = 0; sameShard.length < 30; i++)
      if (shardOf(`${run}-${i}`) === target) sameShard.push(`${run}-${i}`);
    // ~75 K UTF-16 code units (under MAX_SHARD_BYTES if counted so) but ~225 KB in UTF-8.
    const error = await new DynamoCatalogStore(t.db, t.config.tableName)
      .upsertItems(sameShard.map((id) => item(id, { tags })))
      .catch((e) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(String(error?.message)).toContain(`${MAX_SHARD_BYTES / 1024} KB`);
  });

  it("a refused (409) upsert writes nothing, not even the new-arrivals row", async () => {
    const run = uniqueId("full");
    const tags = Array.from({ length: 50 }, (_, i) => `${"t".repeat(45)}${i}`);
    const target = shardOf(`${run}-0`);
    const sameShard: string[] = [];
    for (let i = 0; sameShard.length * 2400 < MAX_SHARD_BYTES + 20_000; i++)
      if (shardOf(`${run}-${i}`) === target) sameShard.push(`${run}-${i}`);
    const before = await t.db.send(
      new GetCommand({ TableName: t.config.tableName, Key: newArrivalsRow.key() }),
    );
    const error = await new DynamoCatalogStore(t.db, t.config.tableName)
      .upsertItems(sameShard.map((id) => item(id, { tags })))
      .catch((e) => e);
    expect(error).toBeInstanceOf(Conflict);
    const after = await t.db.send(
      new GetCommand({ TableName: t.config.tableName, Key: newArrivalsRow.key() }),
    );
    // The refused ids would otherwise take slots of the 100-slot new-arrivals row from real new items.
    const listed = ((after.Item?.items ?? []) as [string, number][]).map(([id]) => id);
    expect(listed.filter((id) => sameShard.includes(id))).toEqual([]);
    expect(after.Item?.v).toEqual(before.Item?.v);
  });
});

describe("a local backfill that was interrupted", () => {
  it("a restart after a backfill that stopped part way still backfills the rest", async () => {
    const s = await startTestStores();
    try {
      // A catalog from before the projection, over one Scan page (1 MB).
      const ids = Array.from({ length: 400 }, (_, i) => `old-${String(i).padStart(4, "0")}`);
      for (let i = 0; i < ids.length; i += 25) {
        await s.db.send(
          new BatchWriteCommand({
            RequestItems: {
              [s.config.tableName]: ids.slice(i, i + 25).map((id) => ({
                PutRequest: {
                  Item: {
                    ...catalogItemRow.key(id),
                    itemId: id,
                    title: "x".repeat(4000),
                    categories: ["home"],
                    available: true,
                  },
                },
              })),
            },
          }),
        );
      }
      // A table from before the projection has no head (this one got it, empty, when it was created).
      await s.db.send(new DeleteCommand({ TableName: s.config.tableName, Key: projectionHeadRow.key() }));
      // The first start is killed (Ctrl-C, OOM, laptop lid) after the backfill's first Scan page.
      const db = createDynamoClient(s.config);
      let scans = 0;
      db.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName?.startsWith("Scan") && ++scans > 1) throw new Error("process killed");
          return next(args);
        },
        { step: "initialize", name: "killAfterFirstPage" },
      );
      await expect(backfillCatalogProjection(db, s.config.tableName)).rejects.toThrow();
      // Restart on the same data directory.
      await createTable(s.stores.dynamoEndpoint, s.config.tableName);
      const reads = new DynamoRecommendationReads(s.db, s.config.tableName, new CatalogProjection());
      const known = (await reads.read({ itemIds: ids })).items;
      expect(ids.filter((id) => !known.has(id))).toEqual([]);
    } finally {
      await s.stores.close();
    }
  }, 60_000);
});

/** Holds the first request matching `when` until `release` is called; `reached` resolves when it arrives. */
function gate(
  db: ReturnType<typeof createDynamoClient>,
  when: (name: string, input: Record<string, unknown>) => boolean,
  holdResponse = false,
) {
  let release!: () => void;
  let reachedResolve!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (reachedResolve = r));
  let armed = true;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (armed && when(context.commandName ?? "", args.input as Record<string, unknown>)) {
        armed = false;
        if (holdResponse) {
          const out = await next(args);
          reachedResolve();
          await released;
          return out;
        }
        reachedResolve();
        await released;
      }
      return next(args);
    },
    { step: "initialize", name: "gate" },
  );
  return { release, reached };
}

describe("a new process and a large catalog", () => {
  it("loads a projection of nearly full shards in one round trip, without failing", async () => {
    const s = await startTestStores();
    try {
      // A quarter of the shards nearly full (~120 KB each).
      for (let shard = 0; shard < 64; shard++) {
        const entries = Array.from({ length: 1300 }, (_, i) => ({
          itemId: `sku-${shard}-${String(i).padStart(6, "0")}`,
          categories: ["home/kitchen"],
          available: true,
          price: 12.5,
        }));
        await s.db.send(
          new PutCommand({
            TableName: s.config.tableName,
            Item: { ...projectionShardRow.key(shard), shard, entries: JSON.stringify(entries), v: 1 },
          }),
        );
      }
      const db = createDynamoClient(s.config);
      const meter = meterRequests(db);
      const reads = new DynamoRecommendationReads(db, s.config.tableName, new CatalogProjection());
      // A cold container's first list: one round trip, though the store answers at most ~1 MB per BatchGet.
      const result = await reads.read({ itemIds: ["sku-0-000001"] });
      expect(result.items.size).toBe(1);
      expect(meter.counts.roundTrips).toBe(1);
    } finally {
      await s.stores.close();
    }
  }, 120_000);
});

describe("the writing process's own change", () => {
  it("shows at once even when a list's head read (answered before the write) was in flight during the write", async () => {
    const id = uniqueId("own");
    const db = createDynamoClient(t.config);
    const clock = { now: 5_000_000 };
    const projection = new CatalogProjection(() => clock.now);
    const reads = new DynamoRecommendationReads(db, t.config.tableName, projection);
    const catalog = new DynamoCatalogStore(t.db, t.config.tableName, projection);
    await catalog.upsertItems([item(id)]);
    await reads.read({});
    expect((await reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(true);
    clock.now += HEAD_MAX_AGE_MS;
    // A list's first round trip (reading the head) is in flight while this process withdraws the item.
    const slow = gate(
      db,
      (name, input) => name.startsWith("BatchGet") && JSON.stringify(input).includes("PROJECTION_HEAD"),
      true,
    );
    const inFlight = reads.read({});
    await slow.reached;
    await catalog.upsertItems([item(id, { available: false })]);
    slow.release();
    await inFlight;
    // The next list, after the withdrawal was acknowledged: withdrawn ("at once in its own process").
    await reads.read({});
    expect((await reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(false);
  });
});

describe("the backfill on a live table", () => {
  it("does not bring back an item deleted while the backfill ran", async () => {
    const s = await startTestStores();
    try {
      const id = "old-deleted";
      await s.db.send(
        new PutCommand({
          TableName: s.config.tableName,
          Item: { ...catalogItemRow.key(id), itemId: id, categories: ["home"], available: true },
        }),
      );
      const db = createDynamoClient(s.config);
      const scanned = gate(db, (name) => name.startsWith("Scan"), true);
      const backfill = backfillCatalogProjection(db, s.config.tableName);
      await scanned.reached;
      // An admin deletes the item (DELETE /v1/items/old-deleted → 204) while the backfill is under way.
      expect(await new DynamoCatalogStore(s.db, s.config.tableName).deleteItem(id)).toBe(true);
      scanned.release();
      await backfill;
      const reads = new DynamoRecommendationReads(s.db, s.config.tableName, new CatalogProjection());
      // Not back in any list (GET /v1/items/{id} says 404).
      expect((await reads.read({ itemIds: [id] })).items.has(id)).toBe(false);
    } finally {
      await s.stores.close();
    }
  });
});
