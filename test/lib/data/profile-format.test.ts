import { describe, expect, it } from "vitest";
import { profileRow } from "../../../lib/data/rows/profile.js";
import { affinityAt } from "../../../lib/domain/affinity.js";
import { emptyAppliedLog } from "../../../lib/domain/applied-log.js";
import { emptyProfile } from "../../../lib/domain/profile.js";
import { relatedNow } from "../../../lib/domain/related-pool.js";

const DAY = 86_400_000;
const row = (doc: unknown) => ({ doc: Buffer.from(JSON.stringify(doc), "utf8"), v: 3, updatedAt: 7 });

describe("the stored profile format", () => {
  it("reads format 1, whose decayed vectors carry no half-life: they count as built with the configured one", () => {
    const state = {
      ...emptyProfile("c1"),
      affinity: { epoch: 0, latest: 0, weights: { "brand:acme": 8 } },
      related: { vector: { epoch: 1, latest: 1, weights: { i2: 2 } }, steps: 1 },
    };
    const { state: read } = profileRow.fromItem(row({ format: 1, state, log: emptyAppliedLog() }));
    expect(read.affinity.halfLife).toBeUndefined();
    expect(affinityAt(read.affinity, 10 * DAY, 10 * DAY)).toEqual([{ feature: "brand:acme", weight: 4 }]);
    expect(relatedNow(read.related)).toEqual([{ itemId: "i2", weight: 2 }]);
  });

  it("reads format 2 with the half-life each vector was built with", () => {
    const state = {
      ...emptyProfile("c1"),
      affinity: { epoch: 0, latest: 0, weights: { "brand:acme": 8 }, halfLife: 10 * DAY },
      related: { vector: { epoch: 1, latest: 1, weights: { i2: 2 }, halfLife: 4 }, steps: 1 },
    };
    const { state: read } = profileRow.fromItem(row({ format: 2, state, log: emptyAppliedLog() }));
    expect(read.affinity.halfLife).toBe(10 * DAY);
    expect(read.related.vector.halfLife).toBe(4);
    // Built with 10 days up to its latest event, decayed with the configured 20 after it.
    expect(affinityAt(read.affinity, 20 * DAY, 20 * DAY)).toEqual([{ feature: "brand:acme", weight: 4 }]);
  });
});
