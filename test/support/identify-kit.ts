import { expect } from "vitest";
import { DynamoProfileStore, type ProfileStore, type StoredProfile } from "../../lib/data/profile-store.js";
import { holdsData } from "../../lib/domain/profile.js";
import type { ProfileState } from "../../lib/domain/profile-state.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { AggregateBuffer } from "../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch, type DeliveredRecord } from "../../lib/usecases/apply-event-batch.js";
import { consumerDeps, FIXED_NOW } from "./consumer-harness.js";
import type { TestStores } from "./stores.js";
import { uniqueId } from "./stores.js";

/** `s` seconds after an hour before FIXED_NOW, as an event timestamp. */
export const at = (s: number) => new Date(FIXED_NOW - 3_600_000 + s * 1000).toISOString();

/** A fresh anonymous id (`anon-` and at least 128 bits' worth of characters). */
export const anonId = () =>
  `anon-${uniqueId("p").replace(/[^a-z0-9]/gi, "")}0123456789abcdef0123456789abcdef`;

export const view = (customerId: string, eventId: string, s: number): KindredEvent => ({
  eventId,
  type: "view",
  customerId,
  itemId: `item-${s % 30}`,
  timestamp: at(s),
  channel: "web",
});

export const identify = (
  customerId: string,
  previousId: string,
  eventId: string,
  s: number,
): KindredEvent => ({
  eventId,
  type: "identify",
  customerId,
  previousId,
  timestamp: at(s),
  channel: "web",
});

/** A profile store whose first write matching `when` fails once, with a transient error; all else passes. */
export class FailsOnce implements ProfileStore {
  private failed = false;
  constructor(
    private readonly inner: ProfileStore,
    private readonly when: (profile: StoredProfile) => boolean,
  ) {}
  loadProfile(id: string) {
    return this.inner.loadProfile(id);
  }
  loadProfiles(ids: readonly string[]) {
    return this.inner.loadProfiles(ids);
  }
  async saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void> {
    if (!this.failed && this.when(profile)) {
      this.failed = true;
      throw Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" });
    }
    await this.inner.saveProfile(profile, expectedVersion);
  }
}

/** `customerId`'s `n`-th profile write (0-based), for FailsOnce. */
export function nthWriteOf(customerId: string, n: number): (profile: StoredProfile) => boolean {
  let writes = 0;
  return (profile) => profile.state.customerId === customerId && writes++ === n;
}

/**
 * The consumer against the stores' table with aggregates off (these tests judge profiles), its profile store,
 * and delivery as the event source mapping does it: after a reported failure, again from `retryFrom`.
 * `stores` is read at each use (test files start their stores in beforeAll).
 */
export function identifyKit(stores: () => TestStores) {
  const deps = (profiles?: ProfileStore) => ({
    ...consumerDeps(stores().db, stores().config.tableName, profiles),
    aggregates: new AggregateBuffer({ relations: [], trending: false }),
  });
  const store = () => new DynamoProfileStore(stores().db, stores().config.tableName);
  /** Delivers `records` through `first`, then retries through a healthy store; the failure stages seen first. */
  const deliver = async (records: DeliveredRecord[], first: ProfileStore) => {
    let outcome = await applyEventBatch(records, deps(first));
    const stages = outcome.failures.map((f) => f.stage);
    let rest = records;
    for (let round = 0; outcome.retryFrom && round < 5; round++) {
      rest = rest.slice(rest.findIndex((r) => r.sequenceNumber === outcome.retryFrom));
      outcome = await applyEventBatch(rest, deps());
    }
    expect(outcome.retryFrom).toBeUndefined();
    return stages;
  };
  const state = async (id: string) => (await store().loadProfile(id))?.state;
  const holds = (s: ProfileState | undefined) => (s ? holdsData(s) : false);
  return { deps, store, deliver, state, holds };
}
