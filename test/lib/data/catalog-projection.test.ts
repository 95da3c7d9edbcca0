import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CATALOG_SHARDS,
  CatalogProjection,
  HEAD_MAX_AGE_MS,
  MAX_SHARD_BYTES,
  SHARD_READ_CHUNK,
  shardOf,
} from "../../../lib/data/catalog-projection.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../../lib/data/clients.js";
import { backfillCatalogProjection } from "../../../lib/data/projection-backfill.js";
import { catalogItemRow } from "../../../lib/data/rows/index.js";
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

const elsewhere = () => new DynamoCatalogStore(t.db, t.config.tableName);

describe("what lists know of the catalog (the projection each serving process keeps)", () => {
  it("holds what lists need of an item, without its title or links", async () => {
    const id = uniqueId("lamp");
    await elsewhere().upsertItems([
      item(id, {
        title: "Lamp",
        url: "https://shop.example/lamp",
        brand: "Lumo",
        price: 20,
        regions: ["DE"],
      }),
    ]);
    const entry = (await servingProcess().reads.read({ itemIds: [id] })).items.get(id);
    expect(entry).toEqual({
      itemId: id,
      categories: ["camping/tents"],
      available: true,
      brand: "Lumo",
      price: 20,
      regions: ["DE"],
    });
  });

  it("shows a change made elsewhere (another container) within HEAD_MAX_AGE_MS, not before", async () => {
    const id = uniqueId("tent");
    await elsewhere().upsertItems([item(id)]);
    const serving = servingProcess();
    const twoRoundTrips = async () => {
      await serving.reads.read({});
      return (await serving.reads.read({ itemIds: [id] })).items;
    };
    expect((await twoRoundTrips()).get(id)?.available).toBe(true);

    await elsewhere().upsertItems([item(id, { available: false })]);
    serving.clock.now += HEAD_MAX_AGE_MS - 1;
    expect((await twoRoundTrips()).get(id)?.available).toBe(true);
    serving.clock.now += 1;
    expect((await twoRoundTrips()).get(id)?.available).toBe(false);

    await elsewhere().deleteItem(id);
    serving.clock.now += HEAD_MAX_AGE_MS;
    expect((await twoRoundTrips()).has(id)).toBe(false);
  });

  it("sees a change made through its own process's catalog at once", async () => {
    const [kept, withdrawn, deleted] = [uniqueId("kept"), uniqueId("withdrawn"), uniqueId("deleted")];
    const serving = servingProcess();
    await serving.catalog.upsertItems([item(kept), item(withdrawn), item(deleted)]);
    const ids = [kept, withdrawn, deleted];
    await serving.reads.read({});
    expect([...(await serving.reads.read({ itemIds: ids })).items.keys()].sort()).toEqual([...ids].sort());
    await serving.catalog.upsertItems([item(withdrawn, { available: false })]);
    await serving.catalog.deleteItem(deleted);
    await serving.reads.read({});
    const after = (await serving.reads.read({ itemIds: ids })).items;
    expect(after.get(withdrawn)?.available).toBe(false);
    expect(after.has(deleted)).toBe(false);
    expect(after.has(kept)).toBe(true);
  });

  it("re-reads only the shards that changed, and nothing when none did", async () => {
    const db = createDynamoClient(t.config);
    const meter = meterRequests(db);
    const serving = servingProcess(db);
    const id = uniqueId("stove");
    await elsewhere().upsertItems([item(id)]);
    meter.reset();
    await serving.reads.read({ itemIds: [id] });
    // The first look loads every shard (absent rows are empty shards).
    expect(meter.counts.requests.BatchGetItemCommand).toBe(
      Math.ceil((CATALOG_SHARDS + 1) / SHARD_READ_CHUNK),
    );

    await elsewhere().upsertItems([item(id, { price: 30 })]);
    serving.clock.now += HEAD_MAX_AGE_MS;
    await serving.reads.read({});
    meter.reset();
    expect((await serving.reads.read({ itemIds: [id] })).items.get(id)?.price).toBe(30);
    expect(meter.counts.requests).toEqual({ BatchGetItemCommand: 1 });
    meter.reset();
    await serving.reads.read({ itemIds: [id] });
    expect(meter.counts.requests).toEqual({});
  });

  it("writes nothing for an upsert that changes nothing lists see, or a delete of an unknown item", async () => {
    const db = createDynamoClient(t.config);
    const meter = meterRequests(db);
    const catalog = new DynamoCatalogStore(db, t.config.tableName);
    const id = uniqueId("mug");
    await catalog.upsertItems([item(id, { createdAt: "2026-01-01T00:00:00.000Z" })]);
    meter.reset();
    await catalog.upsertItems([item(id, { createdAt: "2026-01-01T00:00:00.000Z", title: "Mug" })]);
    expect(meter.counts.putsByRowKind["CATALOG/PROJECTION"]).toBeUndefined();
    meter.reset();
    await catalog.deleteItem(uniqueId("never-there"));
    expect(meter.counts.putsByRowKind["CATALOG/PROJECTION"]).toBeUndefined();
  });

  it("refuses an upsert that would overfill a shard, naming the bound, and writes nothing of it", async () => {
    const run = uniqueId("full");
    // Items landing in one shard, each with long tags, until the shard would pass its bound.
    const tags = Array.from({ length: 50 }, (_, i) => `${"t".repeat(45)}${i}`);
    const sameShard: string[] = [];
    const target = shardOf(`${run}-0`);
    for (let i = 0; sameShard.length * 2400 < MAX_SHARD_BYTES + 20_000; i++)
      if (shardOf(`${run}-${i}`) === target) sameShard.push(`${run}-${i}`);
    const catalog = elsewhere();
    const error = await catalog.upsertItems(sameShard.map((id) => item(id, { tags }))).catch((e) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(String(error.message)).toMatch(/catalog is full/);
    expect(await catalog.getItem(sameShard[0] ?? "")).toBeUndefined();
  });

  it("backfills the items of a catalog written before the projection, once", async () => {
    const id = uniqueId("old");
    await t.db.send(
      new PutCommand({
        TableName: t.config.tableName,
        Item: { ...catalogItemRow.key(id), itemId: id, categories: ["home"], available: true },
      }),
    );
    expect((await servingProcess().reads.read({ itemIds: [id] })).items.has(id)).toBe(false);
    const db = createDynamoClient(t.config);
    const meter = meterRequests(db);
    expect(await backfillCatalogProjection(db, t.config.tableName)).toBeGreaterThan(0);
    expect((await servingProcess().reads.read({ itemIds: [id] })).items.get(id)?.categories).toEqual([
      "home",
    ]);
    meter.reset();
    await backfillCatalogProjection(db, t.config.tableName);
    expect(meter.counts.putsByRowKind["CATALOG/PROJECTION"]).toBeUndefined();
  });

  it("keeps the newer head when an older head read is answered last", () => {
    const clock = { now: 0 };
    const projection = new CatalogProjection(() => clock.now);
    const shard = shardOf("tent");
    const head = (version: number) => ({ pk: "CATALOG", sk: "PROJECTION_HEAD", [`s${shard}`]: version });
    const shardRow = (version: number) => ({
      pk: `CATALOG#${shard}`,
      sk: "PROJECTION",
      shard,
      v: version,
      entries: JSON.stringify([{ itemId: "tent", categories: [], available: version === 1 }]),
    });
    projection.absorb(projection.plan(true), [head(1), shardRow(1)]);
    clock.now = HEAD_MAX_AGE_MS;
    const older = projection.plan(false); // sent first, answered last
    clock.now += 10;
    projection.absorb(projection.plan(false), [head(2)]);
    projection.absorb(older, [head(1)]);
    const reload = projection.plan(true);
    expect(reload.shards).toEqual([shard]);
    projection.absorb(reload, [shardRow(2)]);
    expect(projection.get("tent")?.available).toBe(false);
  });

  it("keeps the newer copy of a shard when a read returns an older one (eventual consistency)", () => {
    const clock = { now: 0 };
    const projection = new CatalogProjection(() => clock.now);
    const shard = shardOf("tent");
    const row = (version: number, available: boolean) => ({
      pk: `CATALOG#${shard}`,
      sk: "PROJECTION",
      shard,
      v: version,
      entries: JSON.stringify([{ itemId: "tent", categories: [], available }]),
    });
    projection.absorb(projection.plan(true), [row(2, false)]);
    projection.absorb({ head: false, shards: [shard], writes: 0, at: 0, keys: [] }, [row(1, true)]);
    expect(projection.get("tent")?.available).toBe(false);
  });
});
