import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DynamoProfileStore,
  type ProfileStore,
  type StoredProfile,
} from "../../../lib/data/profile-store.js";
import { holdsData } from "../../../lib/domain/profile.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch, type DeliveredRecord } from "../../../lib/usecases/apply-event-batch.js";
import { consumerDeps, FIXED_NOW, toRecords, toRequestRecords } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Identify under store failures: what must hold.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

class FailWhen implements ProfileStore {
  private done = false;
  constructor(
    private readonly inner: ProfileStore,
    private readonly when: (p: StoredProfile) => boolean,
  ) {}
  loadProfile(id: string) {
    return this.inner.loadProfile(id);
  }
  loadProfiles(ids: readonly string[]) {
    return this.inner.loadProfiles(ids);
  }
  async saveProfile(p: StoredProfile, v: number) {
    if (!this.done && this.when(p)) {
      this.done = true;
      throw Object.assign(new Error("x"), { name: "Throttled" });
    }
    await this.inner.saveProfile(p, v);
  }
}
const deps = (profiles?: ProfileStore) => ({
  ...consumerDeps(t.db, t.config.tableName, profiles),
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

async function deliver(records: DeliveredRecord[], first: ProfileStore) {
  let outcome = await applyEventBatch(records, deps(first));
  const stages = outcome.failures.map((f) => f.stage);
  let rest = records;
  for (let round = 0; outcome.retryFrom && round < 5; round++) {
    rest = rest.slice(rest.findIndex((r) => r.sequenceNumber === outcome.retryFrom));
    outcome = await applyEventBatch(rest, deps());
  }
  expect(outcome.retryFrom).toBeUndefined();
  return stages;
}
const state = async (id: string) => (await store().loadProfile(id))?.state;
const holds = (s: Parameters<typeof holdsData>[0] | undefined) => (s ? holdsData(s) : false);

describe("probes", () => {
  it("known customer: earlier runs succeed, identify run waits for failed visitor", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const cViews = Array.from({ length: 1200 }, (_, k) => view(c, `c${k}`, 100 + k));
    const requests = [
      cViews.slice(0, 500),
      cViews.slice(500, 1000),
      [view(a, "a1", 1), view(a, "a2", 2)],
      cViews.slice(1000),
      [identify(c, a, "id1", 5000)],
    ];
    const records = toRequestRecords(requests, "customer");
    const stages = await deliver(records, new FailWhen(store(), (p) => p.state.customerId === a));
    expect(stages.sort()).toEqual(["merge-source", "profile-write"]);
    expect((await state(c))?.eventCount).toBe(1203);
    expect(holds(await state(a))).toBe(false);
  });

  it("identify whose visitor has no events in the batch; retire fails once", async () => {
    const a = anonId();
    const c = uniqueId("c");
    await applyEventBatch(toRecords([view(a, "a1", 1), view(a, "a2", 2)]), deps());
    const records = toRecords(
      [view(c, "c1", 3), identify(c, a, "id1", 4), view(c, "c2", 5)],
      "shardId-000000000001",
    );
    const stages = await deliver(
      records,
      new FailWhen(store(), (p) => p.state.customerId === a && !holdsData(p.state)),
    );
    expect(stages).toEqual(["merge-cleanup"]);
    expect((await state(c))?.eventCount).toBe(5);
    expect(holds(await state(a))).toBe(false);
  });

  it("visitor identified, more events, identified again in one batch; no failure", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const records = toRecords([
      view(a, "a1", 1),
      identify(c, a, "id1", 2),
      view(a, "a2", 3),
      identify(c, a, "id2", 4),
    ]);
    await deliver(records, store());
    expect((await state(c))?.eventCount).toBe(4);
    expect(holds(await state(a))).toBe(false);
  });

  it("same, visitor write fails once", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const records = toRecords([
      view(a, "a1", 1),
      identify(c, a, "id1", 2),
      view(a, "a2", 3),
      identify(c, a, "id2", 4),
    ]);
    await deliver(records, new FailWhen(store(), (p) => p.state.customerId === a));
    expect((await state(c))?.eventCount).toBe(4);
    expect(holds(await state(a))).toBe(false);
  });

  it("retire failed; retry has a second identify, visitor has no new events: merged once", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const records = toRecords([view(a, "a1", 1), identify(c, a, "id1", 2), identify(c, a, "id2", 4)]);
    const first = await applyEventBatch(
      records.slice(0, 2),
      deps(new FailWhen(store(), (p) => p.state.customerId === a && !holdsData(p.state))),
    );
    const from = records.findIndex((r) => r.sequenceNumber === first.retryFrom);
    const o = await applyEventBatch(records.slice(from), deps());
    expect(o.retryFrom).toBeUndefined();
    expect((await state(c))?.eventCount).toBe(3);
    expect(holds(await state(a))).toBe(false);
  });

  it("known customer's identify run write fails (visitor ok); retry merges once", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const records = toRecords([view(a, "a1", 1), identify(c, a, "id1", 2), view(a, "a2", 3)]);
    await deliver(records, new FailWhen(store(), (p) => p.state.customerId === c));
    expect((await state(c))?.eventCount).toBe(3);
    expect(holds(await state(a))).toBe(false);
  });
});
