import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { keys } from "../../../lib/data/keys.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { emptyAppliedLog } from "../../../lib/domain/applied-log.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import { Conflict } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { consumerDeps, deliverAll, FIXED_NOW, toRecords } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

describe("the profile store", () => {
  it("refuses a write based on a version someone else has already replaced", async () => {
    const store = new DynamoProfileStore(t.db, t.config.tableName);
    const customerId = uniqueId("c");
    const profile = { state: emptyProfile(customerId), log: emptyAppliedLog(), version: 1, updatedAt: 1 };
    await store.saveProfile(profile, 0);
    await expect(store.saveProfile(profile, 0)).rejects.toBeInstanceOf(Conflict);
    await store.saveProfile({ ...profile, version: 2 }, 1);
    await expect(store.saveProfile({ ...profile, version: 2 }, 1)).rejects.toBeInstanceOf(Conflict);
    expect((await store.loadProfile(customerId))?.version).toBe(2);
  });

  it("keeps a lifetime of maximal-size events far below DynamoDB's 400 KB item limit", async () => {
    const long = (prefix: string, i: number) => `${prefix}${i}-`.padEnd(128, "x");
    const customerId = long("customer", 0);
    const items = Array.from({ length: 300 }, (_, i) => ({
      itemId: long("item", i),
      categories: [`c${i}/`.padEnd(150, "y"), `d${i}/`.padEnd(150, "z")],
      brand: `brand${i}`.padEnd(100, "b"),
      tags: Array.from({ length: 10 }, (_, k) => `t${i}-${k}`.padEnd(50, "t")),
      price: i,
      available: true,
    }));
    await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(items);
    const events: KindredEvent[] = items.map((item, i) => ({
      eventId: long("event", i),
      type: i % 2 ? "purchase" : "view",
      customerId,
      itemId: item.itemId,
      timestamp: new Date(FIXED_NOW - 3_600_000 + i * 1000).toISOString(),
      channel: "store",
      recommendationId: long("rec", i),
    }));
    // Views of items that by now have neighbours fill the related pool; impressions of more items than
    // rotation tracks fill that part.
    for (let i = 0; i < 20; i++) {
      events.push({
        eventId: long("again", i),
        type: "view",
        customerId,
        itemId: long("item", i * 10),
        timestamp: new Date(FIXED_NOW - 120_000 + i).toISOString(),
        channel: "web",
      });
    }
    for (const batch of [0, 1]) {
      events.push({
        eventId: long("impression", batch),
        type: "impression",
        customerId,
        itemIds: items.slice(batch * 100, batch * 100 + 100).map((item) => item.itemId),
        timestamp: new Date(FIXED_NOW - 60_000 + batch).toISOString(),
        channel: "app",
      });
    }
    await deliverAll(toRecords(events), 50, consumerDeps(t.db, t.config.tableName));

    const { Item } = await t.db.send(
      new GetCommand({ TableName: t.config.tableName, Key: keys.profile(customerId) }),
    );
    expect(Item?.v).toBeGreaterThan(0);
    const { doc, ...keysAndVersion } = Item ?? {};
    const bytes = (doc as Uint8Array).byteLength + Buffer.byteLength(JSON.stringify(keysAndVersion));
    const state = JSON.parse(Buffer.from(doc as Uint8Array).toString("utf8")).state;
    expect(Object.keys(state.related.via)).toHaveLength(40);
    expect(Object.keys(state.shown)).toHaveLength(100);
    expect(bytes).toBeLessThan(150 * 1024);
  });
});
