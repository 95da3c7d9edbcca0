import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import type { ProfileStore, StoredProfile } from "../../../lib/data/profile-store.js";
import { ALSO_VIEWED } from "../../../lib/domain/co-occurrence.js";
import { Forbidden, InvalidInput, NotFound } from "../../../lib/errors.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";
import { forYouQuerySchema, rankRequestSchema } from "../../../lib/schemas/recommendation.js";
import { encodeEnvelope } from "../../../lib/stream/event-record.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { eraseCustomer } from "../../../lib/usecases/erase-customer.js";
import { getProfile } from "../../../lib/usecases/get-profile.js";
import { mergeCustomers } from "../../../lib/usecases/merge-customers.js";
import { rankItems } from "../../../lib/usecases/rank-items.js";
import { recommendForCustomer } from "../../../lib/usecases/recommend-for-customer.js";
import { relatedItems } from "../../../lib/usecases/related-items.js";
import { setPreferences } from "../../../lib/usecases/set-preferences.js";
import {
  consumerDeps,
  deliverAll,
  FIXED_NOW,
  listDeps,
  testApp,
  toRecords,
} from "../../support/consumer-harness.js";
import { readableBytes } from "../../support/readable-bytes.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const run = uniqueId("cc");
const id = (name: string) => (name.startsWith("anon-") ? `anon-${run}-${name.slice(5)}` : `${run}-${name}`);
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };
const as = (name: string): Principal => ({ subject: id(name), scopes: new Set(["customer"]) });

let n = 0;
let shard = 0;
const event = (customer: string, minute: number, extra: Partial<KindredEvent> = {}): KindredEvent => ({
  eventId: `${run}-${n++}`,
  type: "view",
  customerId: id(customer),
  itemId: id("tent"),
  timestamp: new Date(FIXED_NOW - 600 * 60_000 + minute * 60_000).toISOString(),
  channel: "web",
  ...extra,
});
/** Each delivery on a fresh shard, with its records kept for replaying later. */
const delivered: ReturnType<typeof toRecords>[] = [];
async function deliver(events: KindredEvent[], profiles?: ProfileStore) {
  const records = toRecords(events, `shardId-${String(shard++).padStart(12, "0")}`);
  delivered.push(records);
  await deliverAll(records, 50, consumerDeps(t.db, t.config.tableName, profiles));
}
const customers = () => testApp(t.db, t.config.tableName).customers;
const profiles = () => customers().profiles;
const state = async (name: string) => (await profiles().loadProfile(id(name)))?.state;
const prefs = (name: string, change: Partial<typeof DEFAULT_PREFERENCES>, at = FIXED_NOW) =>
  setPreferences(
    as(name),
    "me",
    { ...DEFAULT_PREFERENCES, ...change },
    { profiles: profiles(), now: () => at },
  );

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(
    [
      "tent:camping/tents",
      "mat:camping/sleeping",
      "knife:outdoor/knives",
      "hunting-knife:outdoor/knives/hunting",
      "socks:apparel/socks",
    ].map((spec) => {
      const [name = "", category = ""] = spec.split(":");
      return { itemId: id(name), categories: [category], available: true };
    }),
  );
  const crowd: KindredEvent[] = [];
  for (let s = 0; s < 6; s++) {
    crowd.push(event(`crowd-${s}`, 0), event(`crowd-${s}`, 1, { itemId: id("hunting-knife") }));
    crowd.push(
      event(`crowd-${s}`, 2, { itemId: id("mat") }),
      event(`crowd-${s}`, 3, { itemId: id("socks") }),
    );
  }
  await deliver(crowd);
});
afterAll(async () => {
  await t.stores.close();
});

describe("personalization off", () => {
  it("stops learning from that moment, gives the list everyone gets and says so, and resumes when switched on", async () => {
    await deliver([event("pat", 10)]);
    await prefs("pat", { personalization: false });
    await deliver([event("pat", 700, { itemId: id("mat"), type: "purchase" })]); // after the switch (now − 600 min + 700)
    expect((await state("pat"))?.recentItems.map((h) => h.itemId)).toEqual([id("tent")]);

    const list = await recommendForCustomer(
      as("pat"),
      forYouQuerySchema.parse({ customerId: "me" }),
      listDeps(t.db, t.config.tableName),
    );
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) {
      expect(item.reasons).toContainEqual({ type: "personalization_off" });
      expect(item.reasons.some((r) => r.type === "affinity" || r.type === "also_viewed")).toBe(false);
    }

    await prefs("pat", { personalization: true }, FIXED_NOW + 200 * 60_000);
    await deliver([event("pat", 600 + 201, { itemId: id("socks") })]);
    expect((await state("pat"))?.recentItems.map((h) => h.itemId)).toContain(id("socks"));
  });
});

describe("blocked categories", () => {
  it("never show an item in the blocked category or below it, in any list for that customer", async () => {
    await deliver([event("bo", 20), event("bo", 21, { itemId: id("knife") })]);
    await prefs("bo", { blockedCategories: ["outdoor/knives"] });
    const lists = listDeps(t.db, t.config.tableName);
    const blocked = [id("knife"), id("hunting-knife")];
    const forYou = await recommendForCustomer(
      as("bo"),
      forYouQuerySchema.parse({ customerId: "me", limit: 100 }),
      lists,
    );
    const alsoViewed = await relatedItems(
      as("bo"),
      ALSO_VIEWED,
      { itemId: id("tent"), limit: 100, customerId: "me" },
      lists,
    );
    const ranked = await rankItems(
      as("bo"),
      "me",
      rankRequestSchema.parse({
        items: [
          { itemId: id("hunting-knife") },
          { itemId: "guide", categories: ["outdoor/knives/care"] },
          { itemId: id("mat") },
        ],
      }),
      lists,
    );
    for (const list of [forYou, alsoViewed, ranked]) {
      expect(list.items.map((i) => i.itemId).filter((i) => blocked.includes(i) || i === "guide")).toEqual([]);
    }
    expect(ranked.items.map((i) => i.itemId)).toEqual([id("mat")]);
    const stranger = await relatedItems(admin, ALSO_VIEWED, { itemId: id("tent"), limit: 100 }, lists);
    expect(stranger.items.map((i) => i.itemId)).toContain(id("hunting-knife"));
  });
});

describe("erasure", () => {
  it("leaves only a tombstone, and replaying the whole stream brings nothing back", async () => {
    await prefs("eve", { locationConsent: true, blockedCategories: ["apparel"] });
    await deliver([event("eve", 30), event("eve", 31, { type: "purchase", itemId: id("mat") })]);
    // A record naming Eve that can never be applied: quarantined without anything that names her.
    const bad = {
      shardId: "shardId-999999999999",
      sequenceNumber: "1",
      data: encodeEnvelope({ receivedAt: FIXED_NOW, event: { ...event("eve", 32), type: "rate" } }),
    };
    expect((await applyEventBatch([bad], consumerDeps(t.db, t.config.tableName))).quarantined).toBe(1);

    const receipt = await eraseCustomer(as("eve"), "me", customers());
    expect(receipt).toEqual({ customerId: id("eve"), erasedAt: new Date(FIXED_NOW).toISOString() });
    await expect(getProfile(as("eve"), "me", customers())).rejects.toBeInstanceOf(NotFound);

    for (const records of delivered) await deliverAll(records, 7, consumerDeps(t.db, t.config.tableName));
    await applyEventBatch([bad], consumerDeps(t.db, t.config.tableName));

    const rows = await everyRow();
    const hers = rows.filter((r) => JSON.stringify(r).includes(id("eve")));
    expect(hers).toHaveLength(1);
    const tombstone = await profiles().loadProfile(id("eve"));
    expect(tombstone?.state).toMatchObject({
      eventCount: 0,
      recentItems: [],
      purchases: [],
      erasedAt: FIXED_NOW,
    });
    expect(tombstone?.state.preferences).toBeUndefined();
    expect(rows.filter((r) => String(r.pk).startsWith("QUARANTINE#shardId-999999999999"))).toHaveLength(1);
  });

  it("deletes every other row kept under the customer's partition", async () => {
    const other = { pk: `CUSTOMER#${id("finn")}`, sk: "SOMETHING#1", note: "kept about finn" };
    await t.db.send(new PutCommand({ TableName: t.config.tableName, Item: other }));
    await eraseCustomer(as("finn"), "me", customers());
    const left = (await everyRow()).filter((r) => String(r.pk) === other.pk);
    expect(left.map((r) => r.sk)).toEqual(["PROFILE"]);
  });

  it("is a successful no-op the second time, and a customer may erase only themselves", async () => {
    const deps = customers();
    await expect(eraseCustomer(as("eve"), "me", deps)).resolves.toMatchObject({ customerId: id("eve") });
    await expect(eraseCustomer(as("mallory"), id("eve"), deps)).rejects.toBeInstanceOf(Forbidden);
  });

  it("lets the customer start afresh with events from after the erasure", async () => {
    await deliver([event("eve", 600 + 5, { itemId: id("socks") })]);
    expect((await state("eve"))?.recentItems.map((h) => h.itemId)).toEqual([id("socks")]);
  });
});

describe("identify: one customer across devices", () => {
  it("merges the anonymous visitor's history into the known customer and empties the anonymous profile", async () => {
    await deliver([
      event("anon-1", 40, { itemId: id("mat") }),
      event("anon-1", 41, { type: "purchase", itemId: id("socks") }),
    ]);
    await deliver([
      event("kim", 42),
      event("kim", 43, { type: "identify", itemId: undefined, previousId: id("anon-1") }),
    ]);
    const kim = await state("kim");
    expect(kim?.recentItems.map((h) => h.itemId)).toEqual([id("tent"), id("socks"), id("mat")]);
    expect(kim?.purchases.map((p) => p.itemId)).toEqual([id("socks")]);
    expect(kim?.eventCount).toBe(4);
    expect((await state("anon-1"))?.eventCount).toBe(0);

    const before = JSON.stringify(kim);
    for (const records of delivered.slice(-2))
      await deliverAll(records, 1, consumerDeps(t.db, t.config.tableName));
    await deliver([event("kim", 44, { type: "identify", itemId: undefined, previousId: id("anon-1") })]);
    const after = await state("kim");
    expect(after?.eventCount).toBe(5); // the second identify event itself; nothing merged twice
    expect(after?.recentItems).toEqual(JSON.parse(before).recentItems);
  });

  it("still empties the anonymous profile when a crash stopped it after the merge was written", async () => {
    await deliver([event("anon-2", 50, { itemId: id("mat") })]);
    const real = profiles();
    let failed = false;
    const crashing: ProfileStore = {
      loadProfile: (i) => real.loadProfile(i),
      loadProfiles: (i) => real.loadProfiles(i),
      saveProfile: async (p: StoredProfile, v: number) => {
        if (p.state.customerId === id("anon-2") && !failed) {
          failed = true;
          throw new Error("crash");
        }
        await real.saveProfile(p, v);
      },
    };
    await deliver(
      [event("lee", 51, { type: "identify", itemId: undefined, previousId: id("anon-2") })],
      crashing,
    );
    expect(failed).toBe(true);
    expect((await state("lee"))?.recentItems.map((h) => h.itemId)).toEqual([id("mat")]);
    expect((await state("anon-2"))?.eventCount).toBe(0);
  });
});

describe("only anonymous visitors merge through events; known customers merge by an admin", () => {
  it("ignores an identify naming a known customer, even from a record already on the stream", async () => {
    await deliver([event("bob", 60, { type: "purchase", itemId: id("kayak") })]);
    const bob = JSON.stringify(await state("bob"));
    await deliver([event("mallory", 61, { type: "identify", itemId: undefined, previousId: id("bob") })]);
    expect(JSON.stringify(await state("bob"))).toBe(bob);
    expect((await state("mallory"))?.purchases).toEqual([]);
    expect((await state("mallory"))?.mergedFrom).toBeUndefined();
  });

  it("merges two known customers on an admin's request, once, however often it is sent", async () => {
    await deliver([
      event("old-account", 62, { type: "purchase", itemId: id("paddle") }),
      event("new-account", 63, { itemId: id("mat") }),
    ]);
    const deps = customers();
    await expect(
      mergeCustomers(as("new-account"), id("new-account"), id("old-account"), deps),
    ).rejects.toThrow(Forbidden);
    await mergeCustomers(admin, id("new-account"), id("old-account"), deps);
    const merged = await state("new-account");
    expect(merged?.purchases.map((p) => p.itemId)).toEqual([id("paddle")]);
    expect(merged?.eventCount).toBe(2);
    expect((await state("old-account"))?.eventCount).toBe(0);

    await mergeCustomers(admin, id("new-account"), id("old-account"), deps);
    expect(await state("new-account")).toEqual(merged);
    await expect(mergeCustomers(admin, id("new-account"), id("nobody"), deps)).rejects.toThrow(NotFound);
    // `me` in the path is the admin's own id, never a customer called "me".
    await deliver([event("spare", 64)]);
    const ops = { subject: id("ops-own"), scopes: new Set(["admin" as const]) };
    expect((await mergeCustomers(ops, "me", id("spare"), deps)).customerId).toBe(id("ops-own"));
    await expect(mergeCustomers(admin, id("new-account"), id("new-account"), deps)).rejects.toThrow(
      InvalidInput,
    );
  });
});

describe("erasing a customer that a known customer was merged into", () => {
  it("erases the anonymous visitors merged in, never another customer's own account", async () => {
    await deliver([
      event("anon-9", 70, { itemId: id("mat") }),
      event("second-account", 70, { itemId: id("socks") }),
    ]);
    await deliver([event("primary", 71, { type: "identify", itemId: undefined, previousId: id("anon-9") })]);
    const deps = customers();
    await mergeCustomers(admin, id("primary"), id("second-account"), deps);
    await deliver([event("second-account", 72, { itemId: id("tent") })]);
    await eraseCustomer(as("primary"), "me", customers());
    expect((await state("anon-9"))?.erasedAt).toBeDefined();
    expect((await state("second-account"))?.erasedAt).toBeUndefined();
    expect((await state("second-account"))?.eventCount).toBe(1);
  });
});

async function everyRow(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.db.send(
      new ScanCommand({ TableName: t.config.tableName, ExclusiveStartKey: start }),
    );
    for (const row of page.Items ?? []) {
      rows.push(
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            v instanceof Uint8Array ? JSON.stringify(readableBytes(v)) : v,
          ]),
        ),
      );
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
}
