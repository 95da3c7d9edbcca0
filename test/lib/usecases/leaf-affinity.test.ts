import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { customerOffersQuerySchema, offerSchema } from "../../../lib/schemas/offer.js";
import { forYouQuerySchema, rankRequestSchema } from "../../../lib/schemas/recommendation.js";
import { customerOffers } from "../../../lib/usecases/customer-offers.js";
import { putOffers } from "../../../lib/usecases/offers-admin.js";
import { rankItems } from "../../../lib/usecases/rank-items.js";
import { recommendForCustomer } from "../../../lib/usecases/recommend-for-customer.js";
import {
  consumerDeps,
  deliverAll,
  FIXED_NOW,
  listDeps,
  testApp,
  toRecords,
} from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

/**
 * A shoe lover, and two things under one top category: one in their own leaf (`<top>/shoes/running`), one
 * sharing only the top (`<top>/pans`). The leaf must come first wherever affinity ranks.
 */
let t: TestStores;
const run = uniqueId("leaf");
const top = `${run}-store`;
const id = (name: string) => `${run}-${name}`;
const lover: Principal = { subject: id("lover"), scopes: new Set(["customer"]) };
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const BERLIN = { lat: 52.52, lon: 13.405 };

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems([
    { itemId: id("seen-shoe"), categories: [`${top}/shoes/running`], available: true },
    { itemId: id("shoe"), categories: [`${top}/shoes/running`], available: true },
    { itemId: id("pan"), categories: [`${top}/pans`], available: true },
  ]);
  const at = (minutesAgo: number) => new Date(FIXED_NOW - minutesAgo * 60_000).toISOString();
  const events: KindredEvent[] = [
    ...[1, 2, 3].map(
      (i): KindredEvent => ({
        eventId: id(`v${i}`),
        type: "view",
        customerId: id("lover"),
        itemId: id("seen-shoe"),
        timestamp: at(10 + i),
        channel: "web",
      }),
    ),
    // Equal popularity for the two candidates, from other people.
    ...["shoe", "pan"].map(
      (name): KindredEvent => ({
        eventId: id(`pop-${name}`),
        type: "view",
        customerId: id(`other-${name}`),
        itemId: id(name),
        timestamp: at(5),
        channel: "web",
      }),
    ),
  ];
  await deliverAll(toRecords(events), 50, consumerDeps(t.db, t.config.tableName));
  const offer = (name: string, category: string) =>
    offerSchema.parse({
      offerId: id(name),
      title: name,
      location: BERLIN,
      radiusM: 1000,
      validFrom: new Date(FIXED_NOW - 86_400_000).toISOString(),
      validUntil: new Date(FIXED_NOW + 86_400_000).toISOString(),
      categories: [category],
    });
  await putOffers(
    admin,
    [offer("pan-offer", `${top}/pans`), offer("shoe-offer", `${top}/shoes/running`)],
    testApp(t.db, t.config.tableName).offersAdmin,
  );
});
afterAll(async () => {
  await t.stores.close();
});

describe("affinity tells the customer's own leaf category from a shared ancestor", () => {
  it("in rank", async () => {
    const result = await rankItems(
      lover,
      "me",
      rankRequestSchema.parse({ items: [{ itemId: id("pan") }, { itemId: id("shoe") }] }),
      listDeps(t.db, t.config.tableName),
    );
    expect(result.items.map((i) => i.itemId)).toEqual([id("shoe"), id("pan")]);
    expect(result.items[0]?.score).toBeGreaterThan(result.items[1]?.score ?? 0);
  });

  it("in recommended for you", async () => {
    const result = await recommendForCustomer(
      lover,
      forYouQuerySchema.parse({ customerId: "me", category: top }),
      listDeps(t.db, t.config.tableName),
    );
    const order = result.items.map((i) => i.itemId).filter((i) => i === id("shoe") || i === id("pan"));
    expect(order).toEqual([id("shoe"), id("pan")]);
  });

  it("in offers", async () => {
    const result = await customerOffers(
      lover,
      customerOffersQuerySchema.parse({ customerId: "me", ...BERLIN }),
      testApp(t.db, t.config.tableName).customerOffers,
    );
    expect(result.offers.map((o) => o.offerId)).toEqual([id("shoe-offer"), id("pan-offer")]);
    expect(result.offers[0]?.score).toBeGreaterThan(result.offers[1]?.score ?? 0);
  });
});
