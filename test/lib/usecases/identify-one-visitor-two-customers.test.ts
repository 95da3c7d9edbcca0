import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { toRecords } from "../../support/consumer-harness.js";
import { anonId, at, identifyKit } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Two known customers sign in, one after the other, on the same browser (one visitor id; each
// identify carries that visitor's valid token). Applied one event at a time (or in separate batches) the first
// identify merges the visitor and retires it, and the second finds it empty: the visitor's history is counted
// once. In one batch too: customers who identify someone are applied one at a time, in stream order, and the
// first one's retire leaves the batch's copy of the visitor empty for the second.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const { deps, store } = identifyKit(() => t);

function stream() {
  const anon = anonId();
  const alice = uniqueId("alice");
  const bob = uniqueId("bob");
  const events: KindredEvent[] = [
    ...[1, 2, 3].map(
      (s): KindredEvent => ({
        eventId: `v${s}`,
        type: "view",
        customerId: anon,
        itemId: `item-${s}`,
        timestamp: at(s),
        channel: "web",
      }),
    ),
    {
      eventId: "identify-a",
      type: "identify",
      customerId: alice,
      previousId: anon,
      timestamp: at(10),
      channel: "web",
    },
    {
      eventId: "identify-b",
      type: "identify",
      customerId: bob,
      previousId: anon,
      timestamp: at(20),
      channel: "web",
    },
  ];
  return { alice, bob, records: toRecords(events) };
}

const counts = async (alice: string, bob: string) => ({
  alice: (await store().loadProfile(alice))?.state.eventCount,
  bob: (await store().loadProfile(bob))?.state.eventCount,
});

describe("two known customers identifying the same visitor", () => {
  it("control: one record per batch, the visitor's history is merged once (into the first)", async () => {
    const { alice, bob, records } = stream();
    for (const r of records) await applyEventBatch([r], deps());
    expect(await counts(alice, bob)).toEqual({ alice: 4, bob: 1 });
  });

  it("in one batch, the visitor's history is merged once, as when applied one at a time", async () => {
    const { alice, bob, records } = stream();
    const outcome = await applyEventBatch(records, deps());
    expect(outcome.failures).toEqual([]);
    expect(await counts(alice, bob)).toEqual({ alice: 4, bob: 1 });
  });
});
