import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../../../lib/data/catalog-projection.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { DynamoQuarantineStore } from "../../../lib/data/quarantine-store.js";
import { emptyAppliedLog } from "../../../lib/domain/applied-log.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import { meterRequests } from "../../support/request-meter.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

describe("the request meter", () => {
  it("counts requests, items written by kind of row, and the capacity DynamoDB reports", async () => {
    const meter = meterRequests(t.db);
    const profile = { state: emptyProfile(uniqueId("c")), log: emptyAppliedLog(), version: 1, updatedAt: 1 };
    await new DynamoProfileStore(t.db, t.config.tableName).saveProfile(profile, 0);
    const itemIds = ["a", "b", "c"].map((x) => uniqueId(x));
    const shards = new Set(itemIds.map(shardOf)).size;
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(
      itemIds.map((itemId) => ({
        itemId,
        categories: [],
        available: true,
        createdAt: "2026-01-01T00:00:00.000Z",
      })),
    );
    await new DynamoQuarantineStore(t.db, t.config.tableName).quarantine([
      { shardId: "shardId-1", sequenceNumber: "12345", reason: "test", quarantinedAt: Date.now() },
    ]);
    await new DynamoProfileStore(t.db, t.config.tableName).loadProfiles([profile.state.customerId]);

    // The catalog upsert reads and writes its new-arrivals row and its projection's shards (and head) too.
    expect(meter.counts.requests).toEqual({
      PutItemCommand: 2 + shards,
      UpdateItemCommand: shards,
      BatchWriteItemCommand: 2,
      BatchGetItemCommand: 4,
    });
    expect(meter.counts.itemWrites).toBe(6 + 2 * shards);
    expect(meter.counts.putsByRowKind).toEqual({
      "CUSTOMER/PROFILE": 1,
      "CATALOG/NEW_ARRIVALS": 1,
      "CATALOG/PROJECTION": shards,
      "ITEM/ITEM": 3,
      "QUARANTINE/*": 1,
    });
    expect(meter.counts.writeCapacityUnits).toBeGreaterThanOrEqual(6);
    expect(meter.counts.readCapacityUnits).toBeGreaterThan(0);
  });
});
