import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Affinity,
  type AffinitySettings,
  addSignalInPlace,
  affinityAt,
  emptyAffinity,
} from "../../../lib/domain/affinity.js";

const DAY = 86_400_000;
const settings = { halfLifeMs: 10 * DAY, maxFeatures: 4, minMagnitude: 0.01 };

function addSignal(
  a: Affinity,
  features: string[],
  weight: number,
  at: number,
  s: AffinitySettings,
): Affinity {
  const copy = structuredClone(a);
  addSignalInPlace(copy, features, weight, at, s);
  return copy;
}

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
    expect(Object.keys(a.weights).sort()).toEqual(["tag:t46", "tag:t47", "tag:t48", "tag:t49"]);
  });

  it("lets a dismissal pull a feature below zero", () => {
    let a = addSignal(emptyAffinity(), ["brand:acme"], 1, 0, settings);
    a = addSignal(a, ["brand:acme"], -3, 0, settings);
    expect(affinityAt(a, 0, settings.halfLifeMs)).toEqual([{ feature: "brand:acme", weight: -2 }]);
  });

  it("forgets features that have decayed to almost nothing", () => {
    let a = addSignal(emptyAffinity(), ["old"], 1, 0, settings);
    a = addSignal(a, ["new"], 1, 100 * DAY, settings);
    expect(affinityAt(a, 100 * DAY, settings.halfLifeMs)).toEqual([{ feature: "new", weight: 1 }]);
  });
});

describe("decayed affinity over a long life", () => {
  it("stays finite and exact when events span many half-lives", () => {
    const short = { halfLifeMs: DAY, maxFeatures: 8, minMagnitude: 0.01 };
    let a = emptyAffinity();
    for (let day = 0; day <= 2000; day += 10) a = addSignal(a, ["f"], 1, day * DAY, short);
    const [only] = affinityAt(a, 2000 * DAY, short.halfLifeMs);
    // A geometric series: 1 + 2^-10 + 2^-20 + ...
    expect(only?.weight).toBeCloseTo(1 / (1 - 2 ** -10), 9);
    expect(Number.isFinite(Object.values(a.weights)[0])).toBe(true);
  });
});
