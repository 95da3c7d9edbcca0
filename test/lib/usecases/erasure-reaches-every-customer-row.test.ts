import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { profileRow, seenEventRow } from "../../../lib/data/rows/index.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { eraseCustomer } from "../../../lib/usecases/erase-customer.js";
import { deliverAll, FIXED_NOW, testApp, toRecords } from "../../support/consumer-harness.js";
import { readableBytes } from "../../support/readable-bytes.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Erasure deletes the customer's partition as the profile row kind keys it
// (customer-data-store.ts). Every other row kind keyed by a customer id must sit in that same partition,
// or "change the profile's key" in lib/data/rows/profile.ts alone silently leaves rows erasure never reaches.

let t: TestStores;
const run = uniqueId("erase-kinds");
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

describe("erasure reaches every row kept about a customer", () => {
  it("the dedupe rows sit in the profile's partition, for any id", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string(), (customerId, fingerprint) => {
        expect(seenEventRow.key(customerId, fingerprint).pk).toBe(profileRow.key(customerId).pk);
      }),
    );
  });

  it("a heavy customer's spilled dedupe rows are gone after erasure", async () => {
    const customerId = `${run}-heavy`;
    const events: KindredEvent[] = Array.from({ length: 200 }, (_, i) => ({
      eventId: `${run}-${i}`,
      type: "search",
      query: "tents",
      channel: "web",
      customerId,
      timestamp: new Date(FIXED_NOW - 3_600_000 + i * 1000).toISOString(),
    }));
    const app = testApp(t.db, t.config.tableName);
    await deliverAll(toRecords(events, "shardId-000000000001"), 50, app.consumer);
    const rowsOf = async () =>
      ((await t.db.send(new ScanCommand({ TableName: t.config.tableName }))).Items ?? []).filter((r) =>
        JSON.stringify(r, (_, v) => (v instanceof Uint8Array ? readableBytes(v) : v)).includes(customerId),
      );
    // Past 128 applied events in 7 days, event ids spill to dedupe rows.
    expect((await rowsOf()).filter((r) => seenEventRow.recognises(r)).length).toBeGreaterThan(0);
    const me: Principal = { subject: customerId, scopes: new Set(["customer"]) };
    await eraseCustomer(me, "me", app.customers);
    const left = await rowsOf();
    expect(left.map((r) => profileRow.recognises(r))).toEqual([true]);
  });
});
