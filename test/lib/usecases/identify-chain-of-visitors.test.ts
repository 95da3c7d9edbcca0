import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { toRecords } from "../../support/consumer-harness.js";
import { anonId, identify, identifyKit, view } from "../../support/identify-kit.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});
const { deps, state, holds } = identifyKit(() => t);

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
