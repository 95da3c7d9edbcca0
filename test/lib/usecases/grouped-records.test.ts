import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoProfileStore, type ProfileStore } from "../../../lib/data/profile-store.js";
import { itemFeatures } from "../../../lib/domain/item-features.js";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import type { ProfileState } from "../../../lib/domain/profile-state.js";
import { interactionSignals } from "../../../lib/domain/related-pool.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import type { Item } from "../../../lib/schemas/item.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch, type DeliveredRecord } from "../../../lib/usecases/apply-event-batch.js";
import {
  AFFINITY,
  CrashingProfileStore,
  consumerDeps,
  deliverAll,
  FIXED_NOW,
  toRequestRecords,
} from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// Grouped stream records (KINDRED_STREAM_RECORDS=customer): one record holds one customer's events of one
// request, under one sequence number. Whatever Lambda does with them — deliver, retry from a record, replay,
// crash mid-batch — each event must count once, as with one record per event.

let t: TestStores;
const ITEMS: Item[] = ["shoes/running", "shoes/trail", "camping/tents", "apparel/jackets"].map(
  (category, i) => ({
    itemId: `item-${i}`,
    categories: [category],
    brand: i % 2 ? "Alpina" : "Stride",
    available: true,
  }),
);
const FEATURES = new Map(ITEMS.map((i) => [i.itemId, itemFeatures(i)]));

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(ITEMS);
});
afterAll(async () => {
  await t.stores.close();
});

/** The consumer without aggregates: no neighbour rows, so each event's related pool is known in advance. */
const frozenDeps = (profiles?: ProfileStore) => ({
  ...consumerDeps(t.db, t.config.tableName, profiles),
  aggregates: new AggregateBuffer({ relations: [], trending: false }),
});

/** Each unique (customer, event id) applied once, in each customer's order. */
function expectedProfiles(events: readonly KindredEvent[]): Map<string, ProfileState> {
  const profiles = new Map<string, ProfileState>();
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(`${e.customerId}/${e.eventId}`)) continue;
    seen.add(`${e.customerId}/${e.eventId}`);
    const before = profiles.get(e.customerId) ?? emptyProfile(e.customerId);
    const features = e.itemId ? FEATURES.get(e.itemId) : undefined;
    const related = e.itemId ? interactionSignals(e.type, undefined, undefined) : undefined;
    profiles.set(e.customerId, applyEvents(before, [{ event: e, features, related }], AFFINITY));
  }
  return profiles;
}

async function storedStates(customerIds: Iterable<string>): Promise<Map<string, ProfileState>> {
  const loaded = await new DynamoProfileStore(t.db, t.config.tableName).loadProfiles([...customerIds]);
  return new Map([...loaded].map(([id, p]) => [id, p.state]));
}

/** Requests of a few customers' events, where producers sometimes send an event again (later or within). */
const requestsArbitrary = fc
  .array(
    fc.record({
      customer: fc.integer({ min: 0, max: 3 }),
      type: fc.constantFrom("view", "click", "add_to_cart", "purchase", "dismiss" as const),
      item: fc.integer({ min: 0, max: 3 }),
      minute: fc.integer({ min: 0, max: 600 }),
      resendOf: fc.option(fc.nat(), { freq: 4 }),
      endsRequest: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((specs) => {
    const run = uniqueId("grp");
    const events: KindredEvent[] = [];
    const requests: KindredEvent[][] = [[]];
    specs.forEach((s, i) => {
      const original =
        s.resendOf !== null && events.length > 0 ? events[s.resendOf % events.length] : undefined;
      const event: KindredEvent = original ?? {
        eventId: `${run}-e${i}`,
        type: s.type,
        customerId: `${run}-c${s.customer}`,
        itemId: `item-${s.item}`,
        timestamp: new Date(FIXED_NOW - 86_400_000 + s.minute * 60_000).toISOString(),
        channel: "web",
      };
      events.push(event);
      requests.at(-1)?.push(event);
      if (s.endsRequest) requests.push([]);
    });
    return requests.filter((r) => r.length > 0);
  });

/** Stream order, as the consumer meets the events: each request's records, in order. */
const inStreamOrder = (records: readonly DeliveredRecord[]): KindredEvent[] =>
  records.flatMap((r) => {
    const raw = JSON.parse(new TextDecoder().decode(r.data)) as {
      event?: KindredEvent;
      events?: KindredEvent[];
    };
    return raw.events ?? (raw.event ? [raw.event] : []);
  });

describe("grouped stream records, applied with exactly-once effect", () => {
  it("apply each customer's events once, in request order, however batches cut the stream", async () => {
    await fc.assert(
      fc.asyncProperty(requestsArbitrary, fc.integer({ min: 1, max: 6 }), async (requests, batchSize) => {
        const records = toRequestRecords(requests, "customer");
        await deliverAll(records, batchSize, frozenDeps());
        const expected = expectedProfiles(requests.flat());
        expect(await storedStates(expected.keys())).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it("change nothing when a batch, or any suffix of the stream, is delivered again", async () => {
    await fc.assert(
      fc.asyncProperty(
        requestsArbitrary,
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        async (requests, batchSize, replayStarts) => {
          const records = toRequestRecords(requests, "customer");
          const deps = frozenDeps();
          await deliverAll(records, batchSize, deps);
          for (const start of replayStarts) {
            await deliverAll(records.slice(start % records.length), batchSize, deps);
          }
          const expected = expectedProfiles(inStreamOrder(records));
          expect(await storedStates(expected.keys())).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("end as if each event were applied once, whichever write a crash interrupts", async () => {
    await fc.assert(
      fc.asyncProperty(
        requestsArbitrary,
        fc.integer({ min: 1, max: 6 }),
        fc.nat({ max: 20 }),
        fc.boolean(),
        async (requests, batchSize, crashAtWrite, writeBeforeCrash) => {
          const records = toRequestRecords(requests, "customer");
          const real = new DynamoProfileStore(t.db, t.config.tableName);
          const store = new CrashingProfileStore(real, crashAtWrite, writeBeforeCrash);
          const deps = frozenDeps(store);
          let position = 0;
          while (position < records.length) {
            const batch = records.slice(position, position + batchSize);
            const outcome = await applyEventBatch(batch, deps);
            // A crash loses the invocation: Lambda retries the whole batch it was working on.
            if (store.crashed && outcome.retryFrom) {
              store.revive();
              continue;
            }
            const failedAt = outcome.retryFrom
              ? batch.findIndex((r) => r.sequenceNumber === outcome.retryFrom)
              : -1;
            position += failedAt >= 0 ? failedAt : batch.length;
          }
          const expected = expectedProfiles(requests.flat());
          expect(await storedStates(expected.keys())).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("count a grouped record applied twice once", async () => {
    const c = uniqueId("twice");
    const events = ["item-0", "item-1", "item-2"].map((itemId, i) => view(`${c}-${i}`, c, itemId));
    const records = toRequestRecords([events], "customer");
    expect(records).toHaveLength(1);

    const first = await applyEventBatch(records, frozenDeps());
    const again = await applyEventBatch(records, frozenDeps());

    expect(first).toMatchObject({ applied: 3, skipped: 0, quarantined: 0 });
    expect(again).toMatchObject({ applied: 0, skipped: 3, quarantined: 0 });
    expect((await storedStates([c])).get(c)).toEqual(expectedProfiles(events).get(c));
  });

  it("retry from the grouped record whose write failed mid-batch, and count nothing twice when it comes again", async () => {
    const [a, b] = [uniqueId("a"), uniqueId("b")];
    // Two requests: a's and b's events interleaved; each request gives one record per customer.
    const requests = [
      [view(`${a}-1`, a, "item-0"), view(`${b}-1`, b, "item-1"), view(`${a}-2`, a, "item-2")],
      [view(`${b}-2`, b, "item-3"), view(`${a}-3`, a, "item-1")],
    ];
    const records = toRequestRecords(requests, "customer");
    expect(records).toHaveLength(4);
    const real = new DynamoProfileStore(t.db, t.config.tableName);
    let failB = true;
    const flakyForB: ProfileStore = {
      loadProfile: real.loadProfile.bind(real),
      loadProfiles: real.loadProfiles.bind(real),
      saveProfile: async (p, v) => {
        if (failB && p.state.customerId === b)
          throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
        return real.saveProfile(p, v);
      },
    };

    const outcome = await applyEventBatch(records, frozenDeps(flakyForB));
    expect(outcome.retryFrom).toBe(records[1]?.sequenceNumber);
    expect(outcome).toMatchObject({ applied: 3 });
    failB = false;
    // Lambda sends the batch again from the reported record: a's second record comes again with b's.
    const retried = await applyEventBatch(records.slice(1), frozenDeps(flakyForB));

    expect(retried).toMatchObject({ applied: 2, skipped: 1, failures: [] });
    expect(retried.retryFrom).toBeUndefined();
    const expected = expectedProfiles(requests.flat());
    expect(await storedStates([a, b])).toEqual(expected);
    expect(expected.get(a)?.eventCount).toBe(3);
  });
});

function view(eventId: string, customerId: string, itemId: string): KindredEvent {
  return {
    eventId,
    type: "view",
    customerId,
    itemId,
    timestamp: new Date(FIXED_NOW - 60_000).toISOString(),
    channel: "web",
  };
}
