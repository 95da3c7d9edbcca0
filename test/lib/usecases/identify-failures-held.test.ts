import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdsData } from "../../../lib/domain/profile.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { toRecords, toRequestRecords } from "../../support/consumer-harness.js";
import { anonId, FailsOnce, identify, identifyKit, view } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Identify under store failures: what must hold.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const { deps, store, deliver, state, holds } = identifyKit(() => t);

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
    const stages = await deliver(records, new FailsOnce(store(), (p) => p.state.customerId === a));
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
      new FailsOnce(store(), (p) => p.state.customerId === a && !holdsData(p.state)),
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
    await deliver(records, new FailsOnce(store(), (p) => p.state.customerId === a));
    expect((await state(c))?.eventCount).toBe(4);
    expect(holds(await state(a))).toBe(false);
  });

  it("retire failed; retry has a second identify, visitor has no new events: merged once", async () => {
    const a = anonId();
    const c = uniqueId("c");
    const records = toRecords([view(a, "a1", 1), identify(c, a, "id1", 2), identify(c, a, "id2", 4)]);
    const first = await applyEventBatch(
      records.slice(0, 2),
      deps(new FailsOnce(store(), (p) => p.state.customerId === a && !holdsData(p.state))),
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
    await deliver(records, new FailsOnce(store(), (p) => p.state.customerId === c));
    expect((await state(c))?.eventCount).toBe(3);
    expect(holds(await state(a))).toBe(false);
  });
});
