import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCache } from "../../../lib/data/catalog-cache.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
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
  const cache = new CatalogCache(TTL, 50_000, () => clock.now);
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

  it("keeps at most its bound of entries, dropping those read longest ago", () => {
    const cache = new CatalogCache(TTL, 2, () => 0);
    cache.set("a", item("a"));
    cache.set("b", null);
    cache.set("c", item("c"));
    expect([cache.get("a"), cache.get("b"), cache.get("c")?.itemId]).toEqual([undefined, null, "c"]);
    // A TTL of 0 keeps nothing: every list reads the table.
    const none = new CatalogCache(0);
    none.set("a", item("a"));
    expect(none.get("a")).toBeUndefined();
  });
});
