import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { affinityAt } from "../../../lib/domain/affinity.js";
import { mergeProfileInPlace } from "../../../lib/domain/merge-profiles.js";
import { underAny, withPreferences } from "../../../lib/domain/preferences.js";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import type { ProfileState } from "../../../lib/domain/profile-state.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { DEFAULT_PREFERENCES } from "../../../lib/schemas/preferences.js";

const settings = { halfLifeMs: 30 * 86_400_000, maxFeatures: 64, minMagnitude: 0.01 };
const T0 = Date.parse("2026-11-01T10:00:00Z");
const MINUTE = 60_000;
let n = 0;
const event = (minute: number, overrides: Partial<KindredEvent> = {}): KindredEvent => ({
  eventId: `e${n++}`,
  type: "view",
  customerId: "c1",
  itemId: "tent",
  timestamp: new Date(T0 + minute * MINUTE).toISOString(),
  channel: "web",
  ...overrides,
});
const fold = (p: ProfileState, events: KindredEvent[]) =>
  applyEvents(
    p,
    events.map((e) => ({ event: e, features: e.itemId ? [`category:${e.itemId}`] : undefined })),
    settings,
  );

describe("personalization switched off", () => {
  it("learns nothing from what happens while it is off, and resumes when it is switched on again", () => {
    let p = fold(emptyProfile("c1"), [event(0)]);
    p = withPreferences(p, { ...DEFAULT_PREFERENCES, personalization: false }, T0 + 10 * MINUTE);
    p = fold(p, [event(5, { itemId: "before-off" }), event(20, { itemId: "while-off" })]);
    p = withPreferences(p, DEFAULT_PREFERENCES, T0 + 30 * MINUTE);
    p = fold(p, [event(25, { itemId: "late-while-off" }), event(40, { itemId: "after-on" })]);
    expect(p.recentItems.map((h) => h.itemId)).toEqual(["after-on", "before-off", "tent"]);
    expect(Object.keys(p.affinity.weights).sort()).toEqual([
      "category:after-on",
      "category:before-off",
      "category:tent",
    ]);
  });
});

describe("location", () => {
  const located = (minute: number) =>
    event(minute, { type: "location", itemId: undefined, location: { lat: 52.520008, lon: 13.404954 } });

  it("keeps nothing of where a customer is without consent", () => {
    const p = fold(emptyProfile("c1"), [located(0), event(1, { location: { lat: 48.1, lon: 11.5 } })]);
    expect(p.lastLocation).toBeUndefined();
    expect(JSON.stringify(p)).not.toMatch(/52\.52|13\.40|48\.1|11\.5/);
  });

  it("with consent keeps only a 5-character cell and its time, and forgets it when consent is withdrawn", () => {
    let p = withPreferences(emptyProfile("c1"), { ...DEFAULT_PREFERENCES, locationConsent: true }, T0);
    p = fold(p, [located(3)]);
    expect(p.lastLocation).toEqual({ geohash: "u33dc", at: T0 + 3 * MINUTE });
    expect(JSON.stringify(p)).not.toMatch(/52\.52|13\.40/);
    p = withPreferences(p, DEFAULT_PREFERENCES, T0 + 10 * MINUTE);
    expect(p.lastLocation).toBeUndefined();
  });
});

describe("blocked categories", () => {
  it("cover the category and everything below it, not its siblings or parents", () => {
    expect(underAny(["shoes/running/trail"], ["shoes/running"])).toBe(true);
    expect(underAny(["Shoes/Running"], ["shoes/running"])).toBe(true);
    expect(underAny(["shoes/runningwear"], ["shoes/running"])).toBe(false);
    expect(underAny(["shoes"], ["shoes/running"])).toBe(false);
    expect(underAny(undefined, ["shoes"])).toBe(false);
  });
});

describe("merging an anonymous visitor into the known customer", () => {
  const stream = fc.array(
    fc.record({
      anonymous: fc.boolean(),
      minute: fc.integer({ min: 0, max: 60 * 24 * 20 }),
      item: fc.constantFrom("tent", "mat", "stove", "boots"),
      type: fc.constantFrom("view", "click", "add_to_cart", "purchase" as const),
      channel: fc.constantFrom("web", "app", "store" as const),
    }),
    { minLength: 1, maxLength: 30 },
  );

  it("ends as if one person had done both histories", () => {
    fc.assert(
      fc.property(stream, (specs) => {
        const events = specs.map((s) =>
          event(s.minute, { type: s.type, itemId: s.item, channel: s.channel }),
        );
        const byTime = [...events].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
        const one = fold(emptyProfile("c1"), byTime);
        const known = fold(
          emptyProfile("c1"),
          events.filter((_, i) => !specs[i]?.anonymous),
        );
        const anonymous = fold(
          emptyProfile("anon"),
          events.filter((_, i) => specs[i]?.anonymous),
        );
        const merged = structuredClone(known);
        mergeProfileInPlace(merged, anonymous, settings);

        const weights = (p: ProfileState) =>
          affinityAt(p.affinity, T0 + 30 * 86_400_000, settings.halfLifeMs);
        const asOne = weights(one);
        const asMerged = weights(merged);
        expect(asMerged.map((w) => w.feature).sort()).toEqual(asOne.map((w) => w.feature).sort());
        for (const w of asOne) {
          expect(asMerged.find((m) => m.feature === w.feature)?.weight).toBeCloseTo(w.weight, 6);
        }
        expect(merged.recentItems.map((h) => h.at)).toEqual(one.recentItems.map((h) => h.at));
        expect(new Set(merged.purchases.map((p) => p.itemId))).toEqual(
          new Set(one.purchases.map((p) => p.itemId)),
        );
        expect(merged.channels).toEqual(one.channels);
        expect(merged.eventCount).toBe(one.eventCount);
      }),
    );
  });

  it("changes nothing when what it merges is empty (merging twice)", () => {
    const known = fold(emptyProfile("c1"), [event(0), event(5, { itemId: "mat", type: "purchase" })]);
    const merged = structuredClone(known);
    mergeProfileInPlace(merged, emptyProfile("anon"), settings);
    expect(merged).toEqual(known);
  });
});
