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

export interface PlantedSessionSpec {
  customers: number;
  /** Sets of items viewed together: a session mostly browses one bundle (the planted co-view structure). */
  bundles: number;
  itemsPerBundle: number;
  /** Bundles per department; a customer returns to their department's bundles now and then. */
  bundlesPerDepartment: number;
  /** Items anyone may glance at within any session. */
  popularItems: number;
  /** Sessions per customer: 1 to this many. */
  maxSessions: number;
  /** Views per session: 2 to this many. */
  maxSessionLength: number;
  /** Share of a session's views within its bundle (the rest: popular items). */
  loyalty: number;
  /** Chance that a session's bundle is from the customer's department rather than any bundle. */
  departmentLoyalty: number;
  seed: number;
}

export const PLANTED_SESSION_DEFAULTS: PlantedSessionSpec = {
  customers: 1500,
  bundles: 40,
  itemsPerBundle: 6,
  bundlesPerDepartment: 5,
  popularItems: 10,
  maxSessions: 3,
  maxSessionLength: 6,
  loyalty: 0.8,
  departmentLoyalty: 0.5,
  seed: 23,
};

/**
 * A shop-shaped log where the last few actions are what predicts the next: short sessions (2–6 views,
 * seconds to minutes apart; hours to days between sessions) that each browse one bundle of co-viewed items,
 * a weak long-term taste (a department of bundles), and a few popular items. A customer never views an item
 * twice, so every held-out interaction is with an item new to them.
 */
export function plantedSessionLog(spec: PlantedSessionSpec = PLANTED_SESSION_DEFAULTS): Interaction[] {
  const rand = seededRandom(spec.seed);
  const below = (n: number) => Math.floor(rand() * n);
  const bundle = (b: number) => Array.from({ length: spec.itemsPerBundle }, (_, i) => `b${b}-item${i}`);
  const popular = Array.from({ length: spec.popularItems }, (_, i) => `popular-${i}`);
  const departments = Math.ceil(spec.bundles / spec.bundlesPerDepartment);
  const start = Date.parse("2026-03-01T00:00:00Z");
  const log: Interaction[] = [];
  for (let c = 0; c < spec.customers; c++) {
    const department = c % departments;
    const seen = new Set<string>();
    const unseen = (items: readonly string[]) => items.filter((i) => !seen.has(i));
    let at = start + below(30 * 86_400_000);
    const sessions = 1 + below(spec.maxSessions);
    for (let s = 0; s < sessions; s++) {
      const b =
        rand() < spec.departmentLoyalty
          ? Math.min(
              spec.bundles - 1,
              department * spec.bundlesPerDepartment + below(spec.bundlesPerDepartment),
            )
          : below(spec.bundles);
      const length = 2 + below(spec.maxSessionLength - 1);
      for (let e = 0; e < length; e++) {
        const fromBundle = unseen(bundle(b));
        const pool = rand() < spec.loyalty && fromBundle.length > 0 ? fromBundle : unseen(popular);
        if (pool.length === 0) break;
        const itemId = pool[below(pool.length)] as string;
        seen.add(itemId);
        at += 20_000 + below(160_000);
        log.push({ customerId: `shopper-${c}`, itemId, at, type: rand() < 0.1 ? "add_to_cart" : "view" });
      }
      at += 3_600_000 + below(4 * 86_400_000);
    }
  }
  return log;
}
