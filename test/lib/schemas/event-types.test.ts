import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALSO_VIEWED, BOUGHT_TOGETHER } from "../../../lib/domain/co-occurrence.js";
import { eventWeight } from "../../../lib/domain/event-weights.js";
import { trendWeight } from "../../../lib/domain/trending.js";
import { eventSchema, ITEM_EVENT_TYPES } from "../../../lib/schemas/event.js";
import {
  EVENT_TYPE_BEHAVIOUR,
  EVENT_TYPES,
  type EventType,
  type EventTypeBehaviour,
} from "../../../lib/schemas/event-types.js";

/** The "Event types" table of docs/architecture.md, one row per type: its cells, trimmed. */
function documentedRows(): Map<string, string[]> {
  const doc = readFileSync(new URL("../../../docs/architecture.md", import.meta.url), "utf8");
  const section = doc.split("\n## Event types\n")[1]?.split("\n## ")[0] ?? "";
  const rows = new Map<string, string[]>();
  for (const line of section.split("\n")) {
    const match = /^\| `([a-z_]+)` /.exec(line);
    if (!match?.[1]) continue;
    rows.set(
      match[1],
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const code = (names: readonly string[]) => (names.length ? names.map((n) => `\`${n}\``).join(", ") : "—");
const yes = (flag: boolean) => (flag ? "yes" : "—");

/** One row as the docs show it. */
function render(type: EventType, row: EventTypeBehaviour): string[] {
  return [
    `\`${type}\``,
    code(row.requires),
    row.value === "rating" ? "rating 1–5, required" : row.value === "amount" ? "amount ≥ 0" : "—",
    row.affinity === "rating" ? "1.5·(r − 3)" : String(row.affinity).replace("-", "−"),
    String(row.trend),
    yes(row.alsoViewed),
    yes(row.bought),
    row.attribution === null ? "—" : row.attribution.toLowerCase(),
    code(row.prefetch),
  ];
}

describe("the event-type table", () => {
  it("has exactly one row per event type", () => {
    expect(Object.keys(EVENT_TYPE_BEHAVIOUR).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("holds the documented weights, relations and attribution", () => {
    const pick = (f: (row: EventTypeBehaviour) => unknown) =>
      Object.fromEntries(EVENT_TYPES.map((t) => [t, f(EVENT_TYPE_BEHAVIOUR[t])]));
    expect(pick((r) => r.affinity)).toEqual({
      view: 1,
      click: 2,
      add_to_cart: 4,
      purchase: 8,
      rate: "rating",
      dismiss: -3,
      search: 0,
      location: 0,
      impression: 0,
      offer_redeemed: 0,
      identify: 0,
      message_sent: 0,
    });
    expect(pick((r) => r.trend)).toMatchObject({
      view: 1,
      click: 2,
      add_to_cart: 3,
      purchase: 5,
      dismiss: 0,
    });
    expect([...ALSO_VIEWED.types]).toEqual(["view", "click", "add_to_cart", "purchase"]);
    expect([...BOUGHT_TOGETHER.types]).toEqual(["purchase"]);
    expect([...ITEM_EVENT_TYPES]).toEqual(["view", "click", "add_to_cart", "purchase", "rate", "dismiss"]);
    expect(pick((r) => r.attribution)).toMatchObject({
      click: "CLICK",
      add_to_cart: "CONVERSION",
      purchase: "CONVERSION",
      offer_redeemed: "CONVERSION",
      view: null,
      impression: null,
    });
  });

  it("is what the domain reads", () => {
    for (const type of EVENT_TYPES) {
      const row = EVENT_TYPE_BEHAVIOUR[type];
      expect(trendWeight(type)).toBe(row.trend);
      if (row.affinity !== "rating") expect(eventWeight(type)).toBe(row.affinity);
    }
    expect([eventWeight("rate", 1), eventWeight("rate", 3), eventWeight("rate", 5)]).toEqual([-3, 0, 3]);
  });

  it("is consistent: a bought item's bought-together row is read, and what is bought was viewed", () => {
    for (const type of EVENT_TYPES) {
      const row = EVENT_TYPE_BEHAVIOUR[type];
      expect(row.prefetch.includes("coBoughtRow"), type).toBe(row.bought);
      if (row.bought) expect(row.alsoViewed, type).toBe(true);
      if (row.alsoViewed || row.trend !== 0 || row.affinity !== 0)
        expect(row.requires, type).toContain("itemId");
    }
  });

  it("drives the schema's required fields", () => {
    const base = { eventId: "e1", customerId: "c1", timestamp: "2026-11-20T12:00:00Z" };
    for (const type of EVENT_TYPES) {
      const result = eventSchema.safeParse({ ...base, type, ...(type === "rate" ? { value: 4 } : {}) });
      const missing = result.success ? [] : result.error.issues.map((i) => i.path.join("."));
      expect(missing, type).toEqual(EVENT_TYPE_BEHAVIOUR[type].requires);
    }
  });

  it("is the table in docs/architecture.md", () => {
    const documented = documentedRows();
    expect([...documented.keys()]).toEqual([...EVENT_TYPES]);
    for (const type of EVENT_TYPES)
      expect(documented.get(type), type).toEqual(render(type, EVENT_TYPE_BEHAVIOUR[type]));
  });
});
