import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoRecommendationReads } from "../../../lib/data/recommendation-reads.js";
import { catalogItemRow } from "../../../lib/data/rows/index.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const DAY = 86_400_000;
const FIRST = Date.parse("2031-05-01T00:00:00Z");

describe("the catalog's dates of arrival", () => {
  it("stamps an item's first upsert, keeps that date on later upserts, and takes a date given", async () => {
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    const [plain, dated] = [uniqueId("plain"), uniqueId("dated")];
    await store.upsertItems([{ itemId: plain, categories: [], available: true }], FIRST);
    await store.upsertItems([{ itemId: plain, categories: ["x"], available: false }], FIRST + DAY);
    expect(await store.getItem(plain)).toMatchObject({
      categories: ["x"],
      available: false,
      createdAt: new Date(FIRST).toISOString(),
    });
    const given = "2020-01-02T03:04:05.000Z";
    await store.upsertItems([{ itemId: dated, categories: [], available: true, createdAt: given }], FIRST);
    expect((await store.getItem(dated))?.createdAt).toBe(given);
  });

  it("never takes an item stored before items had a date for a new one", async () => {
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    const legacy = uniqueId("legacy");
    await t.db.send(
      new PutCommand({
        TableName: t.config.tableName,
        Item: { ...catalogItemRow.key(legacy), itemId: legacy, categories: [], available: true },
      }),
    );
    await store.upsertItems([{ itemId: legacy, categories: ["x"], available: true }], FIRST + 100 * DAY);
    expect((await store.getItem(legacy))?.createdAt).toBeUndefined();
    const { newArrivals } = await new DynamoRecommendationReads(t.db, t.config.tableName).read({
      newArrivals: true,
    });
    expect(newArrivals?.items.map(([id]) => id)).not.toContain(legacy);
  });

  it("lists the newest arrivals, newest first, in one row lists read with their first round trip", async () => {
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    const ids = [uniqueId("a1"), uniqueId("a2")];
    const later = FIRST + 10 * DAY;
    await store.upsertItems(
      ids.map((itemId) => ({ itemId, categories: [], available: true })),
      later,
    );
    await store.upsertItems([{ itemId: ids[0] ?? "", categories: [], available: true }], later + DAY);
    const { newArrivals } = await new DynamoRecommendationReads(t.db, t.config.tableName).read({
      newArrivals: true,
    });
    const newest = newArrivals?.items.slice(0, 2) ?? [];
    expect(newest.map(([, at]) => at)).toEqual([later, later]);
    expect(newest.map(([id]) => id).sort()).toEqual([...ids].sort());
  });
});
