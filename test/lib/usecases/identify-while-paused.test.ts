import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { holdsData } from "../../../lib/domain/profile.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { setPreferences } from "../../../lib/usecases/set-preferences.js";
import { consumerDeps, FIXED_NOW, testApp, toRecords } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});
const deps = () => ({
  ...consumerDeps(t.db, t.config.tableName),
  aggregates: new AggregateBuffer({ relations: [], trending: false }),
});
const store = () => new DynamoProfileStore(t.db, t.config.tableName);
const at = (s: number) => new Date(FIXED_NOW - 3_600_000 + s * 1000).toISOString();
const anonId = () => `anon-${uniqueId("p").replace(/[^a-z0-9]/gi, "")}0123456789abcdef0123456789abcdef`;
const view = (c: string, id: string, s: number): KindredEvent => ({
  eventId: id,
  type: "view",
  customerId: c,
  itemId: `item-${s % 30}`,
  timestamp: at(s),
  channel: "web",
});
const identify = (c: string, a: string, id: string, s: number): KindredEvent => ({
  eventId: id,
  type: "identify",
  customerId: c,
  previousId: a,
  timestamp: at(s),
  channel: "web",
});
const state = async (id: string) => (await store().loadProfile(id))?.state;
const holds = (s: Parameters<typeof holdsData>[0] | undefined) => (s ? holdsData(s) : false);

describe("held: personalization paused", () => {
  it("paused customer: identify while paused merges nothing, visitor keeps it; after resume a later identify merges it once", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const as: Principal = { subject: c, scopes: new Set(["customer"]) };
    const profiles = testApp(t.db, t.config.tableName).customers.profiles;
    await setPreferences(
      as,
      "me",
      { ...DEFAULT_PREFERENCES, personalization: false },
      { profiles, now: () => Date.parse(at(0)) },
    );
    await applyEventBatch(toRecords([view(a, "a1", 1), identify(c, a, "id1", 2)]), deps());
    expect(holds(await state(a))).toBe(true);
    await setPreferences(
      as,
      "me",
      { ...DEFAULT_PREFERENCES, personalization: true },
      { profiles, now: () => Date.parse(at(3)) },
    );
    await applyEventBatch(
      toRecords([view(a, "a2", 4), identify(c, a, "id2", 5)], "shardId-000000000002"),
      deps(),
    );
    const s = await state(c);
    expect({ count: s?.eventCount, anon: holds(await state(a)) }).toEqual({ count: 3, anon: false });
  });
});
