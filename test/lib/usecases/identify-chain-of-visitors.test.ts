import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import { holdsData } from "../../../lib/domain/profile.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { consumerDeps, FIXED_NOW, toRecords } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});
const deps = () => ({
  ...consumerDeps(t.db, t.config.tableName),
  aggregates: new AggregateBuffer({ relations: [], trending: false }),
});
const store = () => new DynamoProfileStore(t.db, t.config.tableName);
const at = (s: number) => new Date(FIXED_NOW - 3_600_000 + s * 1000).toISOString();
const anonId = () => `anon-${uniqueId("p").replace(/[^a-z0-9]/gi, "")}0123456789abcdef0123456789abcdef`;
const view = (c: string, id: string, s: number): KindredEvent => ({
  eventId: id,
  type: "view",
  customerId: c,
  itemId: `item-${s % 30}`,
  timestamp: at(s),
  channel: "web",
});
const identify = (c: string, a: string, id: string, s: number): KindredEvent => ({
  eventId: id,
  type: "identify",
  customerId: c,
  previousId: a,
  timestamp: at(s),
  channel: "web",
});
const state = async (id: string) => (await store().loadProfile(id))?.state;
const holds = (s: Parameters<typeof holdsData>[0] | undefined) => (s ? holdsData(s) : false);

// An anonymous visitor may identify another (only a known previousId is refused): A's identify of B and C's
// identify of A in one batch must end as applied one record at a time — C with B's history, B emptied — and A
// must wait for B when B's write fails, as a known customer does.
describe("an identify chain through two anonymous visitors in one batch", () => {
  it("ends as when applied one record at a time", async () => {
    const a = anonId();
    const b = anonId();
    const c = uniqueId("c");
    const records = toRecords([
      view(b, "b1", 1),
      view(b, "b2", 2),
      identify(a, b, "ida", 3),
      identify(c, a, "idc", 4),
    ]);
    for (const r of records) await applyEventBatch([r], deps());
    const seq = {
      c: (await state(c))?.eventCount,
      a: holds(await state(a)),
      b: holds(await state(b)),
    };
    const a2 = anonId();
    const b2 = anonId();
    const c2 = uniqueId("c");
    const recs2 = toRecords(
      [view(b2, "b1", 1), view(b2, "b2", 2), identify(a2, b2, "ida", 3), identify(c2, a2, "idc", 4)],
      "shardId-000000000009",
    );
    const o = await applyEventBatch(recs2, deps());
    const batched = {
      c: (await state(c2))?.eventCount,
      a: holds(await state(a2)),
      b: holds(await state(b2)),
    };
    expect({ o: o.failures, batched }).toEqual({ o: [], batched: seq });
  });
});
