import { seededRandom } from "../../infra/local/seeded-random.js";
import type { Interaction } from "./interaction-log.js";

export interface PlantedLogSpec {
  customers: number;
  /** Taste groups: each customer belongs to one and mostly browses its items. */
  groups: number;
  itemsPerGroup: number;
  /** Items everyone looks at now and then, whatever their group. */
  popularItems: number;
  sessionsPerCustomer: number;
  /** Share of interactions that go to the customer's group (the rest to popular items). */
  loyalty: number;
  seed: number;
}

export const PLANTED_DEFAULTS: PlantedLogSpec = {
  customers: 400,
  groups: 8,
  itemsPerGroup: 12,
  popularItems: 6,
  sessionsPerCustomer: 3,
  loyalty: 0.75,
  seed: 11,
};

/**
 * A log with known structure, for checking that an evaluation can tell a recommender that finds it from
 * one that does not: customers browse within their taste group in sessions (minutes apart inside a
 * session, days between sessions), with occasional looks at a few globally popular items.
 */
export function plantedLog(spec: PlantedLogSpec = PLANTED_DEFAULTS): Interaction[] {
  const rand = seededRandom(spec.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const group = (g: number) => Array.from({ length: spec.itemsPerGroup }, (_, i) => `g${g}-item${i}`);
  const popular = Array.from({ length: spec.popularItems }, (_, i) => `popular-${i}`);
  const start = Date.parse("2026-01-01T00:00:00Z");
  const log: Interaction[] = [];
  for (let c = 0; c < spec.customers; c++) {
    const mine = group(c % spec.groups);
    let at = start + Math.floor(rand() * 30 * 86_400_000);
    for (let s = 0; s < spec.sessionsPerCustomer; s++) {
      const length = 2 + Math.floor(rand() * 4);
      for (let e = 0; e < length; e++) {
        at += 30_000 + Math.floor(rand() * 240_000);
        const itemId = rand() < spec.loyalty ? pick(mine) : pick(popular);
        log.push({ customerId: `customer-${c}`, itemId, at, type: rand() < 0.1 ? "add_to_cart" : "view" });
      }
      at += 86_400_000 + Math.floor(rand() * 5 * 86_400_000);
    }
  }
  return log;
}

/** The same log as CSV `customerId,itemId,timestamp,type`. */
export const toCsv = (log: readonly Interaction[]) =>
  [
    "customerId,itemId,timestamp,type",
    ...log.map((i) => `${i.customerId},${i.itemId},${new Date(i.at).toISOString()},${i.type}`),
  ].join("\n");
