import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Affinity,
  type AffinitySettings,
  addSignalInPlace,
  addVectorInPlace,
  affinityAt,
  emptyAffinity,
  rebaseInPlace,
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

describe("decayed affinity across a change of half-life", () => {
  const wide = (halfLifeMs: number) => ({ halfLifeMs, maxFeatures: 64, minMagnitude: 0 });
  const halfLife = fc.integer({ min: 1, max: 120 }).map((days) => days * DAY);
  const history = fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 200 * DAY }),
      w: fc.integer({ min: 1, max: 8 }),
      f: fc.constantFrom("a", "b", "c"),
    }),
    { minLength: 1, maxLength: 20 },
  );
  const build = (signals: { at: number; w: number; f: string }[], halfLifeMs: number) =>
    signals.reduce((a, s) => addSignal(a, [s.f], s.w, s.at, wide(halfLifeMs)), emptyAffinity());
  const weightOf = (a: Affinity, feature: string, at: number, halfLifeMs: number) =>
    affinityAt(a, at, halfLifeMs).find((x) => x.feature === feature)?.weight ?? 0;

  it("leaves today's weights unchanged, and later signals land on the same scale", () => {
    fc.assert(
      fc.property(
        history,
        halfLife,
        halfLife,
        fc.integer({ min: 0, max: 60_000 }),
        (signals, before, after, gap) => {
          let a = build(signals, before);
          const today = a.latest;
          a = addSignal(a, ["x"], 1, today, wide(before));
          const asBuilt = affinityAt(a, today, before);
          a = addSignal(a, ["y"], 1, today + gap, wide(after));
          // Today's weights are what they were with the old half-life, and decay with the new one after.
          for (const { feature, weight } of asBuilt) {
            const expected = weight * 2 ** (-gap / after);
            expect(weightOf(a, feature, today + gap, after) / expected).toBeCloseTo(1, 9);
          }
          // Interests formed `gap` apart, one before the change and one after, weigh as if no change had happened.
          const end = today + gap + 90 * DAY;
          const ratio = weightOf(a, "x", end, after) / weightOf(a, "y", end, after);
          expect(ratio).toBeCloseTo(2 ** (-gap / after), 9);
          expect(a.halfLife).toBe(after);
        },
      ),
    );
  });

  it("is exactly as before when the half-life does not change", () => {
    fc.assert(
      fc.property(history, halfLife, (signals, h) => {
        const a = build(signals, h);
        const again = structuredClone(a);
        rebaseInPlace(again, h);
        expect(again).toEqual(a);
      }),
    );
  });

  it("weighs two interests formed seconds apart 1:1 after 30 days became 60 (not 2.83:1)", () => {
    const now = 90 * DAY;
    let a = addSignal(emptyAffinity(), ["item:long-ago"], 1, 0, wide(30 * DAY));
    a = addSignal(a, ["item:before"], 1, now, wide(30 * DAY));
    a = addSignal(a, ["item:after"], 1, now + 5_000, wide(60 * DAY));
    const ratio =
      weightOf(a, "item:before", now + DAY, 60 * DAY) / weightOf(a, "item:after", now + DAY, 60 * DAY);
    expect(ratio).toBeCloseTo(1, 5);
    // Today it weighs what it did with 30 days (1/8 of a new interest), and decays with 60 from now on.
    expect(weightOf(a, "item:long-ago", now + 5_000, 60 * DAY)).toBeCloseTo(
      2 ** (-3 - 5_000 / (60 * DAY)),
      9,
    );
  });

  it("merges vectors built with different half-lives at their values as of their latest events", () => {
    fc.assert(
      fc.property(history, history, halfLife, halfLife, (mine, theirs, h1, h2) => {
        const into = build(mine, h1);
        const other = build(theirs, h2);
        const otherBefore = structuredClone(other);
        const expected = new Map<string, number>();
        const latest = Math.max(into.latest, other.latest);
        for (const [a, h] of [
          [into, h1],
          [other, h2],
        ] as const) {
          for (const { feature, weight } of affinityAt(a, a.latest, h))
            expected.set(feature, (expected.get(feature) ?? 0) + weight * 2 ** (-(latest - a.latest) / h1));
        }
        addVectorInPlace(into, other, h1, 64);
        expect(other).toEqual(otherBefore);
        for (const [feature, weight] of expected)
          expect(weightOf(into, feature, latest, h1) / weight).toBeCloseTo(1, 9);
      }),
    );
  });

  it("takes a vector stored without its half-life to be built with the configured one", () => {
    const { halfLife: _, ...stored } = addSignal(emptyAffinity(), ["f"], 8, 0, settings);
    expect(affinityAt(stored, 10 * DAY, settings.halfLifeMs)).toEqual([{ feature: "f", weight: 4 }]);
    const later = addSignal(stored, ["g"], 1, 10 * DAY, { ...settings, halfLifeMs: 20 * DAY });
    expect(later.halfLife).toBe(20 * DAY);
    expect(weightOf(later, "f", 10 * DAY, 20 * DAY)).toBeCloseTo(8 * 2 ** -0.5, 9);
  });
});
