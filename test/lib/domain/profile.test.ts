import { describe, expect, it } from "vitest";
import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import { PROFILE_LIMITS, type ProfileState } from "../../../lib/domain/profile-state.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";

const settings = { halfLifeMs: 30 * 86_400_000, maxFeatures: 64, minMagnitude: 0.01 };
const T0 = Date.parse("2026-11-01T10:00:00Z");

const applyEvent = (p: ProfileState, e: KindredEvent, features: string[] | undefined, s: typeof settings) =>
  applyEvents(p, [{ event: e, features }], s);

function event(overrides: Partial<KindredEvent> & Pick<KindredEvent, "type">): KindredEvent {
  return {
    eventId: Math.random().toString(36),
    customerId: "c1",
    timestamp: new Date(T0).toISOString(),
    channel: "web",
    ...overrides,
  };
}

describe("folding events into a profile", () => {
  it("learns more from a purchase than from a view, and negatively from a dismissal", () => {
    let p = emptyProfile("c1");
    p = applyEvent(p, event({ type: "view", itemId: "a" }), ["category:shoes"], settings);
    p = applyEvent(p, event({ type: "purchase", itemId: "b" }), ["category:tents"], settings);
    p = applyEvent(p, event({ type: "dismiss", itemId: "c" }), ["category:bikes"], settings);
    expect(p.affinity.weights).toEqual({ "category:tents": 8, "category:shoes": 1, "category:bikes": -3 });
  });

  it("turns ratings into signals around a neutral 3", () => {
    let p = emptyProfile("c1");
    p = applyEvent(p, event({ type: "rate", itemId: "a", value: 5 }), ["x"], settings);
    p = applyEvent(p, event({ type: "rate", itemId: "b", value: 1 }), ["y"], settings);
    p = applyEvent(p, event({ type: "rate", itemId: "c", value: 3 }), ["z"], settings);
    expect(p.affinity.weights).toEqual({ x: 3, y: -3 });
  });

  it("keeps history newest first by event time, even when events arrive late", () => {
    let p = emptyProfile("c1");
    for (const [itemId, minutes] of [
      ["a", 0],
      ["c", 20],
      ["b", 10],
    ] as const) {
      p = applyEvent(
        p,
        event({ type: "view", itemId, timestamp: new Date(T0 + minutes * 60_000).toISOString() }),
        undefined,
        settings,
      );
    }
    expect(p.recentItems.map((h) => h.itemId)).toEqual(["c", "b", "a"]);
  });

  it("bounds history and purchases however long the customer lives", () => {
    let p = emptyProfile("c1");
    for (let i = 0; i < 500; i++) {
      const timestamp = new Date(T0 + i * 1000).toISOString();
      p = applyEvent(p, event({ type: "purchase", itemId: `item-${i}`, timestamp }), undefined, settings);
    }
    expect(p.recentItems).toHaveLength(PROFILE_LIMITS.recentItems);
    expect(p.purchases).toHaveLength(PROFILE_LIMITS.purchases);
    expect(p.purchases[0]?.itemId).toBe("item-499");
  });

  it("lists an item bought twice once, at its latest purchase", () => {
    let p = emptyProfile("c1");
    p = applyEvent(p, event({ type: "purchase", itemId: "a" }), undefined, settings);
    const later = new Date(T0 + 60_000).toISOString();
    p = applyEvent(p, event({ type: "purchase", itemId: "a", timestamp: later }), undefined, settings);
    expect(p.purchases).toEqual([{ itemId: "a", at: T0 + 60_000, uncatalogued: true }]);
  });

  it("counts activity per channel: one profile across web, app and store", () => {
    let p = emptyProfile("c1");
    p = applyEvent(p, event({ type: "view", itemId: "a", channel: "web" }), ["x"], settings);
    p = applyEvent(p, event({ type: "purchase", itemId: "a", channel: "store" }), ["x"], settings);
    p = applyEvent(p, event({ type: "search", query: "tent", channel: "app" }), undefined, settings);
    expect(p.channels).toEqual({
      web: { events: 1, lastAt: T0 },
      store: { events: 1, lastAt: T0 },
      app: { events: 1, lastAt: T0 },
    });
    expect(p.affinity.weights).toEqual({ x: 9 });
    expect(p.eventCount).toBe(3);
  });
});

describe("folding many events at once", () => {
  it("gives the same profile as folding them one at a time, and leaves the input untouched", () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      event({
        type: (["view", "click", "purchase", "dismiss"] as const)[i % 4] ?? "view",
        itemId: `i${i % 7}`,
        timestamp: new Date(T0 + ((i * 7919) % 50) * 3_600_000).toISOString(),
      }),
    );
    const withFeatures = events.map((e) => ({ event: e, features: [`category:c${e.itemId}`, "brand:b"] }));
    const start = emptyProfile("c1");
    const together = applyEvents(start, withFeatures, settings);
    const oneByOne = withFeatures.reduce((p, x) => applyEvents(p, [x], settings), start);
    expect(together).toEqual(oneByOne);
    expect(start).toEqual(emptyProfile("c1"));
  });
});
