import { describe, expect, it } from "vitest";
import { ALSO_VIEWED, CoOccurrenceTally, tallyCustomer } from "../../../lib/domain/co-occurrence.js";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { AFFINITY, FIXED_NOW } from "../../support/consumer-harness.js";

// A customer's events of one batch are tallied per profile-write run (profileWriteRuns), each run against the
// profile as the previous run left it. In time order the also-viewed pairs do not depend on where a run is cut.
// Out of time order (two devices' backfills interleaved in time) a later run meets only the newest 50 recent
// items, as a later batch does, so some pairs across the cut are not counted: undercounted, never twice.

const T0 = FIXED_NOW - 86_400_000;
const view = (k: number, item: number, s: number): KindredEvent => ({
  eventId: `e${k}`,
  type: "view",
  customerId: "c",
  itemId: `item-${item}`,
  timestamp: new Date(T0 + s * 1000).toISOString(),
  channel: "web",
});

function tallied(runs: KindredEvent[][]) {
  const tally = new CoOccurrenceTally(ALSO_VIEWED);
  let state = emptyProfile("c");
  for (const run of runs) {
    tallyCustomer(tally, state, run, () => true);
    state = applyEvents(
      state,
      run.map((event) => ({ event, features: ["x"], related: undefined })),
      AFFINITY,
    );
  }
  return JSON.stringify([...tally.pairs].map(([k, v]) => [k, [...v].sort()]).sort());
}

describe("also-viewed pairs of one customer's batch", () => {
  it("in time order: the same whether tallied in one run or two", () => {
    const events = Array.from({ length: 1200 }, (_, k) => view(k, k % 40, k));
    expect(tallied([events.slice(0, 800), events.slice(800)])).toBe(tallied([events]));
  });
});
