import { describe, expect, it } from "vitest";
import { PLANTED_SESSION_DEFAULTS, plantedSessionLog } from "./planted-log.js";

describe("the planted session log", () => {
  const spec = { ...PLANTED_SESSION_DEFAULTS, customers: 200 };
  const log = plantedSessionLog(spec);

  it("is the same for the same seed", () => {
    expect(plantedSessionLog(spec)).toEqual(log);
  });

  it("gives every customer at least two interactions and never the same item twice", () => {
    const byCustomer = new Map<string, string[]>();
    for (const i of log) byCustomer.set(i.customerId, [...(byCustomer.get(i.customerId) ?? []), i.itemId]);
    expect(byCustomer.size).toBe(200);
    for (const items of byCustomer.values()) {
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(new Set(items).size).toBe(items.length);
    }
  });

  it("keeps views of a session 20 s to 3 min apart, within one bundle apart from popular items, and sessions over an hour apart", () => {
    for (let i = 1; i < log.length; i++) {
      const [a, b] = [log[i - 1], log[i]];
      if (!a || !b || a.customerId !== b.customerId) continue;
      const gap = b.at - a.at;
      const inSession = gap < 180_000;
      expect(inSession ? gap >= 20_000 : gap > 3_600_000).toBe(true);
      const bundle = (id: string) => id.split("-")[0];
      if (inSession && bundle(a.itemId) !== bundle(b.itemId)) {
        expect([a.itemId, b.itemId].some((id) => id.startsWith("popular"))).toBe(true);
      }
    }
  });
});
