import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCache } from "../../../lib/data/catalog-cache.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { createDynamoClient } from "../../../lib/data/clients.js";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import type { Item } from "../../../lib/schemas/item.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const TTL = 10_000;
const item = (itemId: string, extra: Partial<Item> = {}): Item => ({
  itemId,
  categories: ["camping/tents"],
  available: true,
  ...extra,
});

/** A serving process (its cache, its reads and its own catalog store) on a clock the test moves. */
function servingProcess() {
  const clock = { now: 1_000_000 };
  const cache = new CatalogCache(TTL, 64 * 1024 * 1024, () => clock.now);
  return {
    clock,
    reads: new DynamoRecommendationReads(t.db, t.config.tableName, cache),
    catalog: new DynamoCatalogStore(t.db, t.config.tableName, cache),
  };
}

describe("a serving process's catalog cache", () => {
  it("shows a change made elsewhere (another container) within its bound, not before", async () => {
    const id = uniqueId("tent");
    const elsewhere = new DynamoCatalogStore(t.db, t.config.tableName);
    await elsewhere.upsertItems([item(id)]);
    const serving = servingProcess();
    expect((await serving.reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(true);

    await elsewhere.upsertItems([item(id, { available: false })]);
    serving.clock.now += TTL - 1;
    expect((await serving.reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(true);
    serving.clock.now += 1;
    expect((await serving.reads.read({ itemIds: [id] })).items.get(id)?.available).toBe(false);

    await elsewhere.deleteItem(id);
    serving.clock.now += TTL;
    expect((await serving.reads.read({ itemIds: [id] })).items.has(id)).toBe(false);
  });

  it("remembers an absent item for its bound too, so a new item shows within it", async () => {
    const id = uniqueId("new");
    const serving = servingProcess();
    expect((await serving.reads.read({ itemIds: [id] })).items.has(id)).toBe(false);
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([item(id)]);
    expect((await serving.reads.read({ itemIds: [id] })).items.has(id)).toBe(false);
    serving.clock.now += TTL;
    expect((await serving.reads.read({ itemIds: [id] })).items.has(id)).toBe(true);
  });

  it("sees a change made through its own process's catalog at once", async () => {
    const [kept, withdrawn, deleted] = [uniqueId("kept"), uniqueId("withdrawn"), uniqueId("deleted")];
    const serving = servingProcess();
    await serving.catalog.upsertItems([item(kept), item(withdrawn), item(deleted)]);
    const ids = [kept, withdrawn, deleted];
    expect([...(await serving.reads.read({ itemIds: ids })).items.keys()].sort()).toEqual([...ids].sort());
    await serving.catalog.upsertItems([item(withdrawn, { available: false })]);
    await serving.catalog.deleteItem(deleted);
    const after = (await serving.reads.read({ itemIds: ids })).items;
    expect(after.get(withdrawn)?.available).toBe(false);
    expect(after.has(deleted)).toBe(false);
    expect(after.has(kept)).toBe(true);
  });

  it("forgets what a write that failed part way may have changed", async () => {
    const db = createDynamoClient(t.config);
    let writes = 0;
    db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "BatchWriteItemCommand" && ++writes === 2) throw new Error("store down");
        return next(args);
      },
      { step: "initialize" },
    );
    const cache = new CatalogCache(TTL);
    const reads = new DynamoRecommendationReads(db, t.config.tableName, cache);
    const catalog = new DynamoCatalogStore(db, t.config.tableName, cache);
    const ids = Array.from({ length: 30 }, (_, i) => uniqueId(`batch-${i}`));
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(ids.map((id) => item(id)));
    await reads.read({ itemIds: ids }); // all cached, available
    await expect(catalog.upsertItems(ids.map((id) => item(id, { available: false })))).rejects.toThrow();
    const after = (await reads.read({ itemIds: ids })).items;
    // The first batch of 25 was written: this process shows them withdrawn at once.
    expect(ids.slice(0, 25).map((id) => after.get(id)?.available)).toEqual(Array(25).fill(false));
  });

  it("keeps at most its bound of bytes, dropping the entries read longest ago", () => {
    const cache = new CatalogCache(TTL, 760, () => 0);
    const big = item("big", { title: "x".repeat(100) });
    cache.set("a", item("a"), cache.mark());
    cache.set("b", null, cache.mark());
    cache.set("big", big, cache.mark());
    expect([cache.get("a"), cache.get("b"), cache.get("big")?.itemId]).toEqual([undefined, null, "big"]);
    // A TTL of 0 keeps nothing: every list reads the table.
    const none = new CatalogCache(0);
    none.set("a", item("a"), none.mark());
    expect(none.get("a")).toBeUndefined();
  });

  it("keeps nothing a read brought back after this process wrote the item (a read in flight meanwhile)", () => {
    const cache = new CatalogCache(TTL, 64 * 1024 * 1024, () => 0);
    const mark = cache.mark();
    cache.forget(["tent"]); // the catalog write lands while the read is in flight
    cache.set("tent", item("tent"), mark);
    expect(cache.get("tent")).toBeUndefined();
  });
});
