import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoNeighbourStore } from "../../../lib/data/neighbour-store.js";
import type { ProfileStore } from "../../../lib/data/profile-store.js";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, type Neighbourhood } from "../../../lib/domain/co-occurrence.js";
import { itemFeatures } from "../../../lib/domain/item-features.js";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import type { ProfileState } from "../../../lib/domain/profile-state.js";
import { interactionSignals } from "../../../lib/domain/related-pool.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import type { Item } from "../../../lib/schemas/item.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import {
  AFFINITY,
  CrashingProfileStore,
  consumerDeps,
  deliverAll,
  FIXED_NOW,
  toRecords,
} from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
const ITEMS: Item[] = ["shoes/running", "shoes/trail", "camping/tents", "apparel/jackets"].map(
  (category, i) => ({
    itemId: `item-${i}`,
    categories: [category],
    brand: i % 2 ? "Alpina" : "Stride",
    price: 50 + 60 * i,
    available: true,
  }),
);
const FEATURES = new Map(ITEMS.map((i) => [i.itemId, itemFeatures(i)]));

/** Fixed neighbour rows, so the related pool each event brings in is known in advance. */
const hood = (itemId: string, occurrences: number, neighbours: Record<string, number>): Neighbourhood => ({
  itemId,
  occurrences,
  neighbours,
});
const CO_VIEWED = new Map([
  ["item-0", hood("item-0", 10, { "item-1": 6, "item-2": 2 })],
  ["item-1", hood("item-1", 8, { "item-0": 6, "item-3": 1 })],
  ["item-2", hood("item-2", 4, { "item-0": 2 })],
]);
const CO_BOUGHT = new Map([["item-0", hood("item-0", 3, { "item-3": 2 })]]);

beforeAll(async () => {
  t = await startTestStores();
  await new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(ITEMS);
  const neighbours = new DynamoNeighbourStore(t.db, t.config.tableName);
  for (const h of CO_VIEWED.values()) await neighbours.saveNeighbourhood(ALSO_VIEWED, h, 0);
  for (const h of CO_BOUGHT.values()) await neighbours.saveNeighbourhood(BOUGHT_TOGETHER, h, 0);
});

/** The consumer with the neighbour rows left as seeded: aggregates are tested elsewhere. */
const frozenDeps = (profiles?: ProfileStore) => ({
  ...consumerDeps(t.db, t.config.tableName, profiles),
  aggregates: new AggregateBuffer({ relations: [], trending: false }),
});
afterAll(async () => {
  await t.stores.close();
});

/** What the profiles must be: each unique event (first copy of each eventId) applied once, in stream order. */
function expectedProfiles(events: readonly KindredEvent[]): Map<string, ProfileState> {
  const profiles = new Map<string, ProfileState>();
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(`${e.customerId}/${e.eventId}`)) continue;
    seen.add(`${e.customerId}/${e.eventId}`);
    const before = profiles.get(e.customerId) ?? emptyProfile(e.customerId);
    const item = e.itemId;
    const related = item ? interactionSignals(e.type, CO_VIEWED.get(item), CO_BOUGHT.get(item)) : undefined;
    const features = item ? FEATURES.get(item) : undefined;
    profiles.set(e.customerId, applyEvents(before, [{ event: e, features, related }], AFFINITY));
  }
  return profiles;
}

async function storedStates(customerIds: Iterable<string>): Promise<Map<string, ProfileState>> {
  const loaded = await new DynamoProfileStore(t.db, t.config.tableName).loadProfiles([...customerIds]);
  return new Map([...loaded].map(([id, p]) => [id, p.state]));
}

/** A stream of events for a few customers, where producers sometimes send an event again later. */
const streamArbitrary = fc
  .array(
    fc.record({
      customer: fc.integer({ min: 0, max: 3 }),
      type: fc.constantFrom(
        "view",
        "click",
        "add_to_cart",
        "purchase",
        "dismiss",
        "search",
        "impression",
        "message_sent" as const,
      ),
      item: fc.integer({ min: 0, max: 3 }),
      minute: fc.integer({ min: 0, max: 600 }),
      resendOf: fc.option(fc.nat(), { freq: 4 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((specs) => {
    const run = uniqueId("run");
    const events: KindredEvent[] = [];
    specs.forEach((s, i) => {
      const original =
        s.resendOf !== null && events.length > 0 ? events[s.resendOf % events.length] : undefined;
      if (original) {
        events.push(original);
        return;
      }
      events.push({
        eventId: `${run}-e${i}`,
        type: s.type,
        customerId: `${run}-c${s.customer}`,
        timestamp: new Date(FIXED_NOW - 86_400_000 + s.minute * 60_000).toISOString(),
        channel: "web",
        ...(s.type === "search" ? { query: "tent" } : {}),
        ...(s.type === "impression" ? { itemIds: [`item-${s.item}`, "item-3"] } : {}),
        ...(s.type === "message_sent"
          ? { messageId: `message-${s.item}`, messageChannel: s.item % 2 ? "email" : "sms" }
          : {}),
        ...(s.type === "search" || s.type === "impression" || s.type === "message_sent"
          ? {}
          : { itemId: `item-${s.item}` }),
        ...(s.minute % 3 === 0 ? { context: { country: s.minute % 2 ? "DE" : "FR" } } : {}),
      });
    });
    return events;
  });

describe("applying the event stream to profiles (exactly-once effect)", () => {
  it("applies every unique event once when the stream is delivered once", async () => {
    await fc.assert(
      fc.asyncProperty(streamArbitrary, fc.integer({ min: 1, max: 15 }), async (events, batchSize) => {
        await deliverAll(toRecords(events), batchSize, frozenDeps());
        const expected = expectedProfiles(events);
        expect(await storedStates(expected.keys())).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it("changes nothing when a batch, or any suffix of the stream, is delivered again", async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArbitrary,
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        async (events, batchSize, replayStarts) => {
          const records = toRecords(events);
          const deps = frozenDeps();
          await deliverAll(records, batchSize, deps);
          for (const start of replayStarts) {
            await deliverAll(records.slice(start % records.length), batchSize, deps);
          }
          const expected = expectedProfiles(events);
          expect(await storedStates(expected.keys())).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("ends as if each event were applied once, whichever write a crash interrupts", async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArbitrary,
        fc.integer({ min: 1, max: 15 }),
        fc.nat({ max: 30 }),
        fc.boolean(),
        async (events, batchSize, crashAtWrite, writeBeforeCrash) => {
          const records = toRecords(events);
          const store = new CrashingProfileStore(
            new DynamoProfileStore(t.db, t.config.tableName),
            crashAtWrite,
            writeBeforeCrash,
          );
          const deps = frozenDeps(store);
          // A crash loses the invocation: Lambda retries the whole batch it was working on.
          let position = 0;
          while (position < records.length) {
            const batch = records.slice(position, position + batchSize);
            const outcome = await applyEventBatch(batch, deps);
            if (store.crashed && outcome.retryFrom) {
              store.revive();
              continue;
            }
            const failedAt = outcome.retryFrom
              ? batch.findIndex((r) => r.sequenceNumber === outcome.retryFrom)
              : -1;
            position += failedAt >= 0 ? failedAt : batch.length;
          }
          const expected = expectedProfiles(events);
          expect(await storedStates(expected.keys())).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("builds the related pool from the neighbours of what was interacted with", async () => {
    const customerId = uniqueId("pool");
    const at = (m: number) => new Date(FIXED_NOW - 3_600_000 + m * 60_000).toISOString();
    const events: KindredEvent[] = [
      { eventId: "1", type: "view", customerId, itemId: "item-0", timestamp: at(0), channel: "web" },
      { eventId: "2", type: "purchase", customerId, itemId: "item-0", timestamp: at(1), channel: "web" },
    ];
    await deliverAll(toRecords(events), 10, frozenDeps());
    const state = (await storedStates([customerId])).get(customerId);
    // item-1 came with item-0 in 6 of its 10 views; item-3 in 2 of its 3 purchases.
    expect(Object.keys(state?.related.vector.weights ?? {}).sort()).toEqual(["item-1", "item-2", "item-3"]);
    expect(Object.keys(state?.related.vector.weights ?? {})).not.toContain("item-0");
  });

  it("recognises a replay by sequence number even after the customer's event-id memory has rolled over", async () => {
    const customerId = uniqueId("long");
    const events: KindredEvent[] = Array.from({ length: 300 }, (_, i) => ({
      eventId: `long-${i}`,
      type: "view",
      customerId,
      itemId: `item-${i % 4}`,
      timestamp: new Date(FIXED_NOW - 300_000 + i * 1000).toISOString(),
      channel: "app",
    }));
    const records = toRecords(events);
    const deps = frozenDeps();
    await deliverAll(records, 100, deps);
    await deliverAll(records, 100, deps);
    const stored = await storedStates([customerId]);
    expect(stored.get(customerId)).toEqual(expectedProfiles(events).get(customerId));
    expect(stored.get(customerId)?.eventCount).toBe(300);
  });
});

describe("producer duplicates within the dedupe window (7 days), whatever came in between", () => {
  const views = (customerId: string, prefix: string, n: number, startMs: number): KindredEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      eventId: `${prefix}-${i}`,
      type: "view",
      customerId,
      itemId: `item-${i % 4}`,
      timestamp: new Date(startMs + i * 1000).toISOString(),
      channel: "web",
    }));
  /** Records as a producer's resend puts them on the stream: new sequence numbers after `after`. */
  const resent = (events: KindredEvent[], after: number) =>
    toRecords(events).map((r, i) => ({ ...r, sequenceNumber: `${BigInt(after + i + 1) + 10n ** 55n}` }));

  it("applies a retried request of 129 events once (the issue's example)", async () => {
    const customerId = uniqueId("retry");
    const events = views(customerId, "r", 129, FIXED_NOW - 3_600_000);
    await deliverAll(resent(events, 0), 100, frozenDeps());
    await deliverAll(resent(events, 1_000), 100, frozenDeps());
    const stored = await storedStates([customerId]);
    expect(stored.get(customerId)?.eventCount).toBe(129);
    expect(stored.get(customerId)).toEqual(expectedProfiles(events).get(customerId));
  });

  it("applies an event once when a busy customer's retry lands in the same batch as the original", async () => {
    const customerId = uniqueId("busy-retry");
    const history = views(customerId, "h", 300, FIXED_NOW - 7_200_000);
    await deliverAll(resent(history, 0), 100, frozenDeps());
    await deliverAll(resent(views(customerId, "one-more", 1, FIXED_NOW - 60_000), 1_000), 1, frozenDeps());
    const retried = views(customerId, "retry", 1, FIXED_NOW - 1_000);
    const outcome = await applyEventBatch(resent([...retried, ...retried], 2_000), frozenDeps());
    expect(outcome).toMatchObject({ applied: 1, failures: [] });
    expect(outcome.retryFrom).toBeUndefined();
    expect((await storedStates([customerId])).get(customerId)?.eventCount).toBe(302);
  });

  it("applies a resend of 300 events once after 2,000 others, and again once the window has passed", async () => {
    const customerId = uniqueId("busy");
    const first = views(customerId, "first", 300, FIXED_NOW - 7_200_000);
    const between = views(customerId, "between", 2_000, FIXED_NOW - 3_600_000);
    let clock = FIXED_NOW;
    const deps = { ...frozenDeps(), now: () => clock };
    await deliverAll(resent(first, 0), 100, deps);
    await deliverAll(resent(between, 1_000), 500, deps);
    await deliverAll(resent(first, 10_000), 37, deps);
    const profile = await new DynamoProfileStore(t.db, t.config.tableName).loadProfile(customerId);
    expect(profile?.state.eventCount).toBe(2_300);
    // The item stays bounded however many events the customer sent: the rest is in rows of their own.
    expect(profile?.log.recentEvents.length).toBeLessThanOrEqual(128 + 100);

    clock = FIXED_NOW + 7 * 86_400_000 + 60_000;
    await deliverAll(resent(first.slice(0, 1), 20_000), 1, deps);
    expect((await storedStates([customerId])).get(customerId)?.eventCount).toBe(2_301);
  });
});

describe("records that cannot be applied", () => {
  it("quarantines an invalid record with its shard, sequence number and reason, and applies the rest", async () => {
    const customerId = uniqueId("c");
    const good = toRecords([
      {
        eventId: "g1",
        type: "view",
        customerId,
        itemId: "item-0",
        timestamp: new Date(FIXED_NOW).toISOString(),
        channel: "web",
      },
      {
        eventId: "g2",
        type: "view",
        customerId,
        itemId: "item-1",
        timestamp: new Date(FIXED_NOW).toISOString(),
        channel: "web",
      },
    ]);
    const bad = {
      ...good[0],
      sequenceNumber: `${good[0]?.sequenceNumber}7`,
      data: new TextEncoder().encode('{"v":1,"oops":true}'),
    };
    const batch = [good[0], bad, good[1]].filter((r) => r !== undefined) as typeof good;

    const outcome = await applyEventBatch(batch, frozenDeps());

    expect(outcome).toMatchObject({ applied: 2, quarantined: 1 });
    expect(outcome.retryFrom).toBeUndefined();
    const { Items } = await t.db.send(
      new (await import("@aws-sdk/lib-dynamodb")).QueryCommand({
        TableName: t.config.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "QUARANTINE#shardId-000000000000" },
      }),
    );
    const entry = Items?.find((i) => i.sequenceNumber === bad.sequenceNumber);
    expect(entry).toMatchObject({ shardId: "shardId-000000000000", sequenceNumber: bad.sequenceNumber });
    expect(entry?.reason).toMatch(/receivedAt|event/);
  });

  it("reports the first record of a customer whose write failed, with the stage and error, and finishes the others", async () => {
    const [a, b] = [uniqueId("a"), uniqueId("b")];
    const at = new Date(FIXED_NOW).toISOString();
    const records = toRecords([
      { eventId: "1", type: "view", customerId: a, itemId: "item-0", timestamp: at, channel: "web" },
      { eventId: "2", type: "view", customerId: b, itemId: "item-1", timestamp: at, channel: "web" },
      { eventId: "3", type: "click", customerId: a, itemId: "item-0", timestamp: at, channel: "web" },
    ]);
    const real = new DynamoProfileStore(t.db, t.config.tableName);
    const throttledForB = {
      loadProfile: real.loadProfile.bind(real),
      loadProfiles: real.loadProfiles.bind(real),
      saveProfile: async (p: Parameters<typeof real.saveProfile>[0], v: number) => {
        if (p.state.customerId === b)
          throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
        return real.saveProfile(p, v);
      },
    };

    const outcome = await applyEventBatch(records, frozenDeps(throttledForB));

    expect(outcome.retryFrom).toBe(records[1]?.sequenceNumber);
    // What an operator sees: where it failed and the error's name, never its message or the customer.
    expect(outcome.failures).toEqual([
      { stage: "profile-write", errorName: "ThrottlingException", count: 1 },
    ]);
    const stored = await storedStates([a, b]);
    expect(stored.get(a)?.eventCount).toBe(2);
    expect(stored.has(b)).toBe(false);
  });
  it("folds again onto what another writer stored when it loses the race for a profile", async () => {
    const c = uniqueId("raced");
    const at = new Date(FIXED_NOW).toISOString();
    const view = (eventId: string, itemId: string): KindredEvent => ({
      eventId,
      type: "view",
      customerId: c,
      itemId,
      timestamp: at,
      channel: "web",
    });
    const real = new DynamoProfileStore(t.db, t.config.tableName);
    // Another writer (an earlier event applied elsewhere) gets in between this consumer's read and write.
    let raced = false;
    const racing: ProfileStore = {
      loadProfile: real.loadProfile.bind(real),
      loadProfiles: real.loadProfiles.bind(real),
      saveProfile: async (p, v) => {
        if (!raced) {
          raced = true;
          await applyEventBatch(
            toRecords([view("elsewhere", "item-1")], "shardId-000000000009"),
            frozenDeps(),
          );
        }
        return real.saveProfile(p, v);
      },
    };

    const outcome = await applyEventBatch(toRecords([view("here", "item-0")]), frozenDeps(racing));

    expect(outcome.retryFrom).toBeUndefined();
    expect(outcome.failures).toEqual([]);
    const stored = await real.loadProfile(c);
    // Both events, each once: nothing the other writer stored was overwritten.
    expect(stored?.state.eventCount).toBe(2);
    expect(stored?.state.recentItems.map((e) => e.itemId).sort()).toEqual(["item-0", "item-1"]);
  });

  it("gives a customer whose profile keeps changing under it back to the stream, naming the stage", async () => {
    const c = uniqueId("contended");
    const at = new Date(FIXED_NOW).toISOString();
    const records = toRecords([
      { eventId: "1", type: "view", customerId: c, itemId: "item-0", timestamp: at, channel: "web" },
    ]);
    const real = new DynamoProfileStore(t.db, t.config.tableName);
    let writes = 0;
    const alwaysBehind: ProfileStore = {
      loadProfile: real.loadProfile.bind(real),
      loadProfiles: real.loadProfiles.bind(real),
      // Every write finds a newer version stored: the version asked for is always one behind.
      saveProfile: async (p, v) => {
        writes++;
        return real.saveProfile(p, v + 1);
      },
    };

    const outcome = await applyEventBatch(records, frozenDeps(alwaysBehind));

    expect(outcome.retryFrom).toBe(records[0]?.sequenceNumber);
    expect(outcome.failures).toEqual([{ stage: "profile-write", errorName: "VersionConflict", count: 1 }]);
    expect(writes).toBe(3);
    expect(await real.loadProfile(c)).toBeUndefined();
  });
});
