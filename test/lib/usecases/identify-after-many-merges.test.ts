import { afterAll, beforeAll, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { toRecords } from "../../support/consumer-harness.js";
import { anonId, at, identifyKit } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// `mergedFrom` keeps only the latest 20 merged ids. A customer who identifies more than 20 other visitors
// between two identifies of the same one in a batch (an `ingest` producer linking devices, a shared kiosk) must
// still merge that visitor's history once.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const { deps, store } = identifyKit(() => t);

it("a visitor identified again after 20 other merges in the same batch is merged once", async () => {
  const known = uniqueId("known");
  const visitors = Array.from({ length: 21 }, () => anonId());
  const events: KindredEvent[] = [
    ...visitors.map(
      (v, k): KindredEvent => ({
        eventId: `v${k}`,
        type: "view",
        customerId: v,
        itemId: `item-${k}`,
        timestamp: at(k),
        channel: "web",
      }),
    ),
    ...[...visitors, visitors[0] as string].map(
      (v, k): KindredEvent => ({
        eventId: `identify-${k}`,
        type: "identify",
        customerId: known,
        previousId: v,
        timestamp: at(100 + k),
        channel: "web",
      }),
    ),
  ];
  const outcome = await applyEventBatch(toRecords(events), deps());
  expect(outcome.failures).toEqual([]);
  // 21 views merged once, 22 identify events.
  expect((await store().loadProfile(known))?.state.eventCount).toBe(43);
});
