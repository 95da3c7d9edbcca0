import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../lib/auth/principal.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { setPreferences } from "../../../lib/usecases/set-preferences.js";
import { testApp, toRecords } from "../../support/consumer-harness.js";
import { anonId, at, identify, identifyKit, view } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});
const { deps, state, holds } = identifyKit(() => t);

describe("an identify while personalization is paused", () => {
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
