import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdsData } from "../../../lib/domain/profile.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { toRecords } from "../../support/consumer-harness.js";
import { anonId, at, FailsOnce, identifyKit } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// An identify merges the visitor (version vK) and then retires it; when the retire write fails
// (stage merge-cleanup) the batch is retried from the identify, and the retry may also carry new activity of the
// visitor (Lambda redelivers from retryFrom plus what arrived since). The unfinished retire is finished before
// that activity is written, so the next identify merges only what the visitor did since (privacy.md), never the
// first history again.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const { deps, store } = identifyKit(() => t);
/** Fails the first write that empties `anon` (the retire), once; everything else passes. */
const retireFailsOnce = (anon: string) =>
  new FailsOnce(store(), (p) => p.state.customerId === anon && !holdsData(p.state));

function stream() {
  const anon = anonId();
  const known = uniqueId("known");
  const view = (id: string, s: number): KindredEvent => ({
    eventId: id,
    type: "view",
    customerId: anon,
    itemId: `item-${s}`,
    timestamp: at(s),
    channel: "web",
  });
  const identify = (id: string, s: number): KindredEvent => ({
    eventId: id,
    type: "identify",
    customerId: known,
    previousId: anon,
    timestamp: at(s),
    channel: "web",
  });
  const events = [
    view("v1", 1),
    view("v2", 2),
    view("v3", 3),
    identify("identify-1", 10),
    // After the first sign-in the visitor id is used again (another tab, signed out) ...
    view("v4", 20),
    // ... and signs in again.
    identify("identify-2", 30),
  ];
  // 3 + 1 (identify-1) + 1 (v4, merged by identify-2) + 1 (identify-2)
  return { anon, known, records: toRecords(events), expected: 6 };
}

describe("identify whose retire failed, then the visitor's new activity arrives with the retry", () => {
  it("control: with no failure the second identify merges only what the visitor did since", async () => {
    const { known, records, expected } = stream();
    await applyEventBatch(records.slice(0, 4), deps());
    await applyEventBatch(records.slice(4), deps());
    expect((await store().loadProfile(known))?.state.eventCount).toBe(expected);
  });

  it("a failed retire must not let the second identify merge the first history again", async () => {
    const { anon, known, records, expected } = stream();
    const first = await applyEventBatch(records.slice(0, 4), deps(retireFailsOnce(anon)));
    expect(first.failures.map((f) => f.stage)).toEqual(["merge-cleanup"]);
    const from = records.findIndex((r) => r.sequenceNumber === first.retryFrom);
    expect(from).toBe(3);
    // Lambda redelivers from retryFrom, with what arrived since.
    const retry = await applyEventBatch(records.slice(from), deps());
    expect(retry.retryFrom).toBeUndefined();
    const merged = await store().loadProfile(known);
    const left = await store().loadProfile(anon);
    expect({ known: merged?.state.eventCount, anonHoldsData: left ? holdsData(left.state) : false }).toEqual({
      known: expected,
      anonHoldsData: false,
    });
  });

  it("when finishing the retire fails again on the retry, writes nothing of that delivery and retries it whole", async () => {
    const { anon, known, records, expected } = stream();
    const first = await applyEventBatch(records.slice(0, 4), deps(retireFailsOnce(anon)));
    const from = records.findIndex((r) => r.sequenceNumber === first.retryFrom);
    const again = await applyEventBatch(records.slice(from), deps(retireFailsOnce(anon)));
    expect(again.failures.map((f) => f.stage)).toEqual(["merge-cleanup"]);
    expect(again.retryFrom).toBe(records[from]?.sequenceNumber);
    expect(again.applied).toBe(0);
    await applyEventBatch(records.slice(from), deps());
    expect((await store().loadProfile(known))?.state.eventCount).toBe(expected);
  });

  it("same, with the retry delivering only the visitor's new activity and a later batch the second identify", async () => {
    const { anon, known, records, expected } = stream();
    const first = await applyEventBatch(records.slice(0, 4), deps(retireFailsOnce(anon)));
    const from = records.findIndex((r) => r.sequenceNumber === first.retryFrom);
    await applyEventBatch(records.slice(from, 5), deps());
    await applyEventBatch(records.slice(5), deps());
    expect((await store().loadProfile(known))?.state.eventCount).toBe(expected);
  });
});
