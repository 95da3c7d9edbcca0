import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { offerCellRow } from "../../../lib/data/rows/offer-cell.js";
import { customerOffersQuerySchema, type Offer, offerSchema } from "../../../lib/schemas/offer.js";
import { customerOffers } from "../../../lib/usecases/customer-offers.js";
import { putOffers } from "../../../lib/usecases/offers-admin.js";
import { FIXED_NOW, testApp } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// An offers request reads the cells around its point every time; parsing them is most of its CPU, so a process
// parses a cell row again only when its bytes changed — and must never answer from what it parsed before a change.

let t: TestStores;
const run = uniqueId("cells");
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const shopper: Principal = { subject: `${run}-shopper`, scopes: new Set(["customer"]) };
const LISBON = { lat: 38.7223, lon: -9.1393 };
const DAY = 86_400_000;
const offer = (name: string, title: string): Offer =>
  offerSchema.parse({
    offerId: `${run}-${name}`,
    title,
    location: LISBON,
    radiusM: 1500,
    validFrom: new Date(FIXED_NOW - DAY).toISOString(),
    validUntil: new Date(FIXED_NOW + DAY).toISOString(),
  });

beforeAll(async () => {
  t = await startTestStores();
});
afterAll(() => t.stores.close());

describe("the offers around a point, asked again and again by one process", () => {
  it("are parsed once while their cell rows stay the same, and show every change at once", async () => {
    const serving = testApp(t.db, t.config.tableName);
    const elsewhere = testApp(t.db, t.config.tableName); // an admin request in another process
    await putOffers(admin, [offer("pastel", "Pastéis, two for one")], elsewhere.offersAdmin);
    const titles = async () =>
      (
        await customerOffers(
          shopper,
          customerOffersQuerySchema.parse({ customerId: "me", ...LISBON }),
          serving.customerOffers,
        )
      ).offers.map((o) => o.title);
    const parses = vi.spyOn(offerCellRow, "offersOf");
    try {
      expect(await titles()).toEqual(["Pastéis, two for one"]);
      const first = parses.mock.calls.length;
      expect(first).toBeGreaterThan(0);
      expect(await titles()).toEqual(["Pastéis, two for one"]);
      expect(parses.mock.calls.length).toBe(first);

      await putOffers(admin, [offer("pastel", "Pastéis, three for two")], elsewhere.offersAdmin);
      expect(await titles()).toEqual(["Pastéis, three for two"]);
    } finally {
      parses.mockRestore();
    }
  });
});
