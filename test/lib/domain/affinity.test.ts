import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addSignal, affinityAt, emptyAffinity } from "../../../lib/domain/affinity.js";

const DAY = 86_400_000;
const settings = { halfLifeMs: 10 * DAY, maxFeatures: 4, minMagnitude: 0.01 };

describe("decayed affinity", () => {
  it("halves a signal's weight after one half-life", () => {
    const a = addSignal(emptyAffinity(), ["category:shoes"], 8, 0, settings);
    expect(affinityAt(a, 10 * DAY, settings.halfLifeMs)).toEqual([{ feature: "category:shoes", weight: 4 }]);
  });

  it("weighs a late-arriving event exactly as if it had arrived in order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.integer({ min: 0, max: 60 * DAY }), w: fc.integer({ min: -5, max: 8 }) }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (signals) => {
          const settingsWide = { ...settings, maxFeatures: 64, minMagnitude: 0 };
          const apply = (list: typeof signals) =>
            list.reduce((a, s) => addSignal(a, ["f"], s.w, s.at, settingsWide), emptyAffinity());
          const inOrder = apply([...signals].sort((x, y) => x.at - y.at));
          const asArrived = apply(signals);
          const end = 61 * DAY;
          const weight = (a: ReturnType<typeof apply>) =>
            affinityAt(a, end, settings.halfLifeMs)[0]?.weight ?? 0;
          expect(weight(asArrived)).toBeCloseTo(weight(inOrder), 9);
        },
      ),
    );
  });

  it("keeps only the strongest features, however many it has seen", () => {
    let a = emptyAffinity();
    for (let i = 0; i < 50; i++) a = addSignal(a, [`tag:t${i}`], i + 1, 0, settings);
    expect(Object.keys(a.weights)).toEqual(["tag:t49", "tag:t48", "tag:t47", "tag:t46"]);
  });

  it("lets a dismissal pull a feature below zero", () => {
    let a = addSignal(emptyAffinity(), ["brand:acme"], 1, 0, settings);
    a = addSignal(a, ["brand:acme"], -3, 0, settings);
    expect(affinityAt(a, 0, settings.halfLifeMs)).toEqual([{ feature: "brand:acme", weight: -2 }]);
  });

  it("forgets features that have decayed to almost nothing", () => {
    let a = addSignal(emptyAffinity(), ["old"], 1, 0, settings);
    a = addSignal(a, ["new"], 1, 100 * DAY, settings);
    expect(Object.keys(a.weights)).toEqual(["new"]);
  });
});
