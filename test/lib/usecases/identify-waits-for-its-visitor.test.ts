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
import { consumerDeps, FIXED_NOW, toRequestRecords } from "../../support/consumer-harness.js";
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

/** Fails `customerId`'s `failAt`-th profile write (0-based) once, with a transient error; all else passes. */
class FlakyFor implements ProfileStore {
  private writes = 0;
  constructor(
    private readonly inner: ProfileStore,
    private readonly customerId: string,
    private readonly failAt: number,
  ) {}
  loadProfile(id: string) {
    return this.inner.loadProfile(id);
  }
  loadProfiles(ids: readonly string[]) {
    return this.inner.loadProfiles(ids);
  }
  async saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void> {
    if (profile.state.customerId === this.customerId && this.writes++ === this.failAt) {
      throw Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" });
    }
    await this.inner.saveProfile(profile, expectedVersion);
  }
}

const deps = (profiles?: ProfileStore) => ({
  ...consumerDeps(t.db, t.config.tableName, profiles),
  aggregates: new AggregateBuffer({ relations: [], trending: false }),
});
const store = () => new DynamoProfileStore(t.db, t.config.tableName);

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
  const anon = `anon-${uniqueId("x").replace(/[^a-z0-9]/gi, "")}0123456789abcdef0123456789abcdef`;
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

/** Delivers like the event source mapping: after a reported failure, again from retryFrom (healthy store). */
async function deliver(records: DeliveredRecord[], first: ProfileStore) {
  let outcome = await applyEventBatch(records, deps(first));
  let rest = records;
  for (let round = 0; outcome.retryFrom && round < 5; round++) {
    const from = rest.findIndex((r) => r.sequenceNumber === outcome.retryFrom);
    rest = rest.slice(from);
    outcome = await applyEventBatch(rest, deps());
  }
  expect(outcome.retryFrom).toBeUndefined();
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
    await deliver(records, new FlakyFor(store(), anon, 1));
    const merged = await store().loadProfile(known);
    const left = await store().loadProfile(anon);
    expect({ known: merged?.state.eventCount, anonHoldsData: left ? holdsData(left.state) : false }).toEqual({
      known: 1201,
      anonHoldsData: false,
    });
  });

  it("an anonymous visitor whose only write fails once still ends up whole in the known customer", async () => {
    const { anon, known, records } = scenario(1, 5);
    await deliver(records, new FlakyFor(store(), anon, 0));
    const merged = await store().loadProfile(known);
    const left = await store().loadProfile(anon);
    expect({ known: merged?.state.eventCount, anonHoldsData: left ? holdsData(left.state) : false }).toEqual({
      known: 6,
      anonHoldsData: false,
    });
  });
});
