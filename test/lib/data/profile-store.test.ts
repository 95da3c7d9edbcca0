import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoOfferStore } from "../../../lib/data/offer-store.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { profileRow } from "../../../lib/data/rows/index.js";
import { unpackDocument } from "../../../lib/data/rows/packed-document.js";
import { emptyAppliedLog } from "../../../lib/domain/applied-log.js";
import { MESSAGE_LIMITS } from "../../../lib/domain/message-sends.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import { RELATED_POOL_LIMITS } from "../../../lib/domain/related-pool.js";
import { Conflict } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";
import { setPreferences } from "../../../lib/usecases/set-preferences.js";
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

  it("keeps a lifetime of maximal-size events of every kind far below DynamoDB's 400 KB item limit", async () => {
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
    // Redemptions of more live offers than the profile remembers, each with a maximal id.
    const offers = Array.from({ length: 250 }, (_, i) => ({
      offerId: long("offer", i),
      title: "Offer",
      location: { lat: 52.5, lon: 13.4 },
      radiusM: 100,
      validFrom: new Date(FIXED_NOW - 86_400_000).toISOString(),
      validUntil: new Date(FIXED_NOW + (i + 1) * 86_400_000).toISOString(),
      audience: "all" as const,
      priority: 0,
      cells: [],
    }));
    await new DynamoOfferStore(t.db, t.config.tableName).saveOffers(offers);
    offers.forEach((offer, i) => {
      events.push({
        eventId: long("redeemed", i),
        type: "offer_redeemed",
        customerId,
        offerId: offer.offerId,
        timestamp: new Date(FIXED_NOW - 30_000 + i).toISOString(),
        channel: "store",
      });
    });
    // And as many made-up ones, which must leave no trace.
    for (let i = 0; i < 250; i++) {
      events.push({
        eventId: long("forged", i),
        type: "offer_redeemed",
        customerId,
        offerId: long("no-such-offer", i),
        timestamp: new Date(FIXED_NOW - 20_000 + i).toISOString(),
        channel: "app",
      });
    }
    // Sends of more messages than the profile counts, each with maximal ids, on every channel.
    for (let i = 0; i < 150; i++) {
      events.push({
        eventId: long("sent", i),
        type: "message_sent",
        customerId,
        messageId: long("message", i),
        variantId: long("variant", i),
        messageChannel: (["email", "sms", "push", "mail"] as const)[i % 4],
        timestamp: new Date(FIXED_NOW - 10_000 + i).toISOString(),
        channel: "other",
      });
    }
    await deliverAll(toRecords(events), 250, consumerDeps(t.db, t.config.tableName));
    // The customer's own controls still fit: longest blocked categories allowed.
    const profiles = new DynamoProfileStore(t.db, t.config.tableName);
    const blockedCategories = Array.from({ length: 50 }, (_, i) => `b${i}/`.padEnd(200, "q"));
    const prefs = { ...DEFAULT_PREFERENCES, blockedCategories };
    const admin = { subject: "ops", scopes: new Set(["admin" as const]) };
    await setPreferences(admin, customerId, prefs, { profiles, now: () => FIXED_NOW });

    const { Item } = await t.db.send(
      new GetCommand({ TableName: t.config.tableName, Key: profileRow.key(customerId) }),
    );
    expect(Item?.v).toBeGreaterThan(0);
    const { doc, ...keysAndVersion } = Item ?? {};
    const bytes = (doc as Uint8Array).byteLength + Buffer.byteLength(JSON.stringify(keysAndVersion));
    const { state } = unpackDocument(doc as Uint8Array) as {
      state: {
        related: { vector: { weights: object } };
        shown: object;
        offers: { redeemed: object };
        messages: { sent: object };
        eventCount: number;
      };
    };
    expect(Object.keys(state.related.vector.weights)).toHaveLength(RELATED_POOL_LIMITS.maxFeatures);
    expect(Object.keys(state.shown)).toHaveLength(100);
    expect(Object.keys(state.offers.redeemed)).toHaveLength(200);
    expect(JSON.stringify(state.offers.redeemed)).not.toContain("no-such-offer");
    expect(Object.keys(state.messages.sent)).toHaveLength(MESSAGE_LIMITS.messages);
    expect(state.eventCount).toBe(events.length);
    expect(bytes).toBeLessThan(150 * 1024);
  });
});
