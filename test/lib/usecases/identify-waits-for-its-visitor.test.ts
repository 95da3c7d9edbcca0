import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdsData } from "../../../lib/domain/profile.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { FIXED_NOW, toRequestRecords } from "../../support/consumer-harness.js";
import { anonId, FailsOnce, identifyKit, nthWriteOf } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Anonymous profiles are applied first so that an identify merges them with this batch's events included. When
// one of the anonymous customer's writes fails (a transient store error), the identify must not merge the
// anonymous profile as it stands and retire it: the failed events would then be applied, on retry, to the
// emptied anonymous profile and never reach the customer who identified. It waits, and both are retried.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const { store, deliver } = identifyKit(() => t);

function views(c: string, request: number, size: number): KindredEvent[] {
  return Array.from({ length: size }, (_, k) => ({
    eventId: `${c}.${request}.${k}`,
    type: "view" as const,
    customerId: c,
    itemId: `item-${k % 40}`,
    timestamp: new Date(FIXED_NOW - 3_600_000 + (request * size + k) * 1000).toISOString(),
    channel: "web" as const,
  }));
}

function scenario(requests: number, size: number) {
  const anon = anonId();
  const known = uniqueId("known");
  const batch = [
    ...Array.from({ length: requests }, (_, r) => views(anon, r, size)),
    [
      {
        eventId: `${known}.identify`,
        type: "identify" as const,
        customerId: known,
        previousId: anon,
        timestamp: new Date(FIXED_NOW - 60_000).toISOString(),
        channel: "web" as const,
      },
    ],
  ];
  return { anon, known, records: toRequestRecords(batch, "customer") };
}

describe("identify merging an anonymous profile whose write failed in the same batch", () => {
  it("control: with no failure, the anonymous history lands in the known customer", async () => {
    const { anon, known, records } = scenario(3, 400);
    await deliver(records, store());
    expect((await store().loadProfile(known))?.state.eventCount).toBe(1201);
    expect(holdsData((await store().loadProfile(anon))?.state ?? ({} as never))).toBe(false);
  });

  it("an anonymous backfill whose second run fails once still ends up whole in the known customer", async () => {
    // Anonymous: 3 records of 400 events -> runs [800, 400]; its second write fails once.
    const { anon, known, records } = scenario(3, 400);
    await deliver(records, new FailsOnce(store(), nthWriteOf(anon, 1)));
    const merged = await store().loadProfile(known);
    const left = await store().loadProfile(anon);
    expect({ known: merged?.state.eventCount, anonHoldsData: left ? holdsData(left.state) : false }).toEqual({
      known: 1201,
      anonHoldsData: false,
    });
  });

  it("an anonymous visitor whose only write fails once still ends up whole in the known customer", async () => {
    const { anon, known, records } = scenario(1, 5);
    await deliver(records, new FailsOnce(store(), nthWriteOf(anon, 0)));
    const merged = await store().loadProfile(known);
    const left = await store().loadProfile(anon);
    expect({ known: merged?.state.eventCount, anonHoldsData: left ? holdsData(left.state) : false }).toEqual({
      known: 6,
      anonHoldsData: false,
    });
  });
});
