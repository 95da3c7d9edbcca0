import { seededRandom } from "../../infra/local/seeded-random.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import type { Item } from "../../lib/schemas/item.js";

/** Samples ranks 0..n-1 with P(rank k) ∝ 1/(k+1)^s: a few items get most of the traffic. */
export function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1) ** s;
    cdf[k] = sum;
  }
  return () => {
    const target = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface WorkloadSpec {
  events: number;
  customers: number;
  items: number;
  zipfExponent: number;
  /** Share of events a producer sends twice (client retries). */
  duplicateRate: number;
  seed: number;
}

export interface Workload {
  items: Item[];
  /** In stream order: a client's flush of events arrives together, flushes of many clients interleave. */
  events: KindredEvent[];
  /** The same events as the ingest requests that send them (one client flush each), in stream order. */
  requests: KindredEvent[][];
  sessions: number;
  flushes: number;
}

const TYPES: [KindredEvent["type"], number][] = [
  ["view", 0.7],
  ["click", 0.15],
  ["add_to_cart", 0.08],
  ["purchase", 0.03],
  ["dismiss", 0.02],
  ["rate", 0.02],
];

/** The event type whose cumulative share first exceeds `roll` (0 ≤ roll < 1). */
function pickType(roll: number): KindredEvent["type"] {
  let remaining = roll;
  for (const [type, share] of TYPES) {
    remaining -= share;
    if (remaining < 0) return type;
  }
  return "view";
}

/**
 * Shoppers in sessions: each session is a burst of events that the app or site sends in flushes of 1–12
 * events (as analytics SDKs batch client-side), spread over one hour. Items follow a Zipf law.
 */
export function generateWorkload(spec: WorkloadSpec): Workload {
  const rand = seededRandom(spec.seed);
  const items: Item[] = Array.from({ length: spec.items }, (_, i) => ({
    itemId: `sku-${i}`,
    categories: [`dept${i % 10}/leaf${i % 40}`],
    brand: `brand-${i % 30}`,
    tags: [`tag-${i % 17}`, `tag-${(i * 7) % 23}`],
    price: 5 + ((i * 37) % 400),
    available: true,
  }));
  const itemRank = zipf(spec.items, spec.zipfExponent, rand);
  const customerRank = zipf(spec.customers, 0.6, rand);
  const start = Date.parse("2026-11-20T12:00:00Z");
  const hour = 3_600_000;

  const flushes: { at: number; events: KindredEvent[] }[] = [];
  let total = 0;
  let sessions = 0;
  let id = 0;
  while (total < spec.events) {
    sessions++;
    const customerId = `cust-${customerRank()}`;
    let at = start + Math.floor(rand() * hour);
    const sessionLength = 2 + Math.floor(-Math.log(1 - rand()) * 8);
    let pending: KindredEvent[] = [];
    let flushSize = 1 + Math.floor(rand() * 12);
    for (let e = 0; e < sessionLength && total < spec.events; e++) {
      at += 2_000 + Math.floor(rand() * 20_000);
      const type = pickType(rand());
      const event: KindredEvent = {
        eventId: `ev-${id++}`,
        type,
        customerId,
        itemId: `sku-${itemRank()}`,
        timestamp: new Date(at).toISOString(),
        channel: rand() < 0.6 ? "app" : "web",
        ...(type === "rate" ? { value: 1 + Math.floor(rand() * 5) } : {}),
      };
      pending.push(event);
      total++;
      if (rand() < spec.duplicateRate) pending.push(event);
      if (pending.length >= flushSize) {
        flushes.push({ at, events: pending });
        pending = [];
        flushSize = 1 + Math.floor(rand() * 12);
      }
    }
    if (pending.length > 0) flushes.push({ at, events: pending });
  }
  flushes.sort((a, b) => a.at - b.at);
  return {
    items,
    events: flushes.flatMap((f) => f.events),
    requests: flushes.map((f) => f.events),
    sessions,
    flushes: flushes.length,
  };
}
