import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { toRequestRecords } from "../../support/consumer-harness.js";
import { anonId, at, identifyKit } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// An app that sends `identify` at each sign-in can put two identify events naming the same anonymous id into one
// batch. Across batches the second finds the anonymous profile retired and merges nothing; inside one batch both
// see the anonymous profile as the batch read it, and a merge adds up (event counts, affinity, channels, offer
// redemptions toward caps): the version already merged must not be merged again, in one run or across runs.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const { deps, store } = identifyKit(() => t);

function scenario(knownViewsBetween: number) {
  const anon = anonId();
  const known = uniqueId("known");
  const anonViews: KindredEvent[] = Array.from({ length: 10 }, (_, k) => ({
    eventId: `a${k}`,
    type: "view",
    customerId: anon,
    itemId: `item-${k}`,
    timestamp: at(k),
    channel: "web",
  }));
  const identify = (n: number, s: number): KindredEvent => ({
    eventId: `identify-${n}`,
    type: "identify",
    customerId: known,
    previousId: anon,
    timestamp: at(s),
    channel: "web",
  });
  // Known customer's views between the sign-ins, in requests of 500 (one grouped record each).
  const between: KindredEvent[][] = [];
  for (let r = 0; r * 500 < knownViewsBetween; r++) {
    between.push(
      Array.from({ length: Math.min(500, knownViewsBetween - r * 500) }, (_, k) => ({
        eventId: `k${r}.${k}`,
        type: "view" as const,
        customerId: known,
        itemId: `item-${k % 30}`,
        timestamp: at(100 + r * 500 + k),
        channel: "web" as const,
      })),
    );
  }
  const requests = [anonViews, [identify(1, 50)], ...between, [identify(2, 5000)]];
  return { known, expected: 10 + 2 + knownViewsBetween, records: toRequestRecords(requests, "customer") };
}

describe("two identify events naming the same anonymous id in one batch", () => {
  it("merge the anonymous history once (same run)", async () => {
    const { known, expected, records } = scenario(0);
    await applyEventBatch(records, deps());
    expect((await store().loadProfile(known))?.state.eventCount).toBe(expected);
  });

  it("merge the anonymous history once (identify events in different profile-write runs)", async () => {
    const { known, expected, records } = scenario(1000);
    const outcome = await applyEventBatch(records, deps());
    expect(outcome.failures).toEqual([]);
    expect((await store().loadProfile(known))?.state.eventCount).toBe(expected);
  });
});
