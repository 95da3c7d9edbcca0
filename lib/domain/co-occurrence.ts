import { type EventType, eventTypesWhere } from "../schemas/event-types.js";
import { type Dict, dict } from "./dict.js";
import type { HistoryEntry, ProfileState } from "./profile-state.js";

/**
 * A kind of "people who did this also did that": which interactions count, within what time of each
 * other, and where a customer's earlier interactions are found. (Where its counts are stored is the data
 * layer's business: lib/data/rows/neighbours.ts, by `name`.)
 */
export interface Relation {
  name: "also_viewed" | "bought_together";
  types: ReadonlySet<EventType>;
  windowMs: number;
  /** Where the customer's earlier interactions come from: recent history, or the purchase list. */
  source: "history" | "purchases";
}

export const ALSO_VIEWED: Relation = {
  name: "also_viewed",
  // Looking closely at an item counts; dismissing it does not (lib/schemas/event-types.ts).
  types: eventTypesWhere((row) => row.alsoViewed),
  windowMs: 30 * 60_000,
  source: "history",
};

export const BOUGHT_TOGETHER: Relation = {
  name: "bought_together",
  types: eventTypesWhere((row) => row.bought),
  windowMs: 24 * 3_600_000,
  source: "purchases",
};

export const RELATIONS: readonly Relation[] = [ALSO_VIEWED, BOUGHT_TOGETHER];

export const CO_OCCURRENCE_LIMITS = {
  /**
   * At most this many partners per event: the customer's most recent items in the window, as session-kNN
   * weighs the last m = 5 of a session. Measured on ml-latest-small against 10 and 20 in the same run
   * (docs/benchmarks.md, "Partners per event"): lists level within their intervals, ~18% fewer writes.
   */
  maxPartners: 5,
  /** Each item keeps at most this many neighbours (the strongest). */
  maxNeighbours: 100,
} as const;

/** What a customer did before, as the relation sees it, newest first. */
function earlierInteractions(profile: ProfileState, relation: Relation): HistoryEntry[] {
  return relation.source === "history"
    ? profile.recentItems.filter((e) => relation.types.has(e.type) && !e.uncatalogued)
    : profile.purchases
        .filter((p) => !p.uncatalogued)
        .map((p) => ({ itemId: p.itemId, type: "purchase" as const, at: p.at }));
}

/** Distinct other items in `earlier` (newest first) within the relation's window before `at`. */
export function partnersOf(
  earlier: readonly HistoryEntry[],
  itemId: string,
  at: number,
  relation: Relation,
): string[] {
  const partners: string[] = [];
  for (const entry of earlier) {
    if (entry.at > at || entry.at < at - relation.windowMs) continue;
    if (entry.itemId === itemId || partners.includes(entry.itemId)) continue;
    partners.push(entry.itemId);
    if (partners.length >= CO_OCCURRENCE_LIMITS.maxPartners) break;
  }
  return partners;
}

/** Increments gathered over one batch, so every touched item is written once per batch, not per event. */
export class CoOccurrenceTally {
  readonly occurrences = new Map<string, number>();
  readonly pairs = new Map<string, Map<string, number>>();

  constructor(readonly relation: Relation) {}

  add(itemId: string, partners: readonly string[]): void {
    this.occurrences.set(itemId, (this.occurrences.get(itemId) ?? 0) + 1);
    for (const partner of partners) {
      this.bump(itemId, partner);
      this.bump(partner, itemId);
    }
  }

  touchedItems(): string[] {
    return [...new Set([...this.occurrences.keys(), ...this.pairs.keys()])];
  }

  private bump(from: string, to: string): void {
    const row = this.pairs.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    this.pairs.set(from, row);
  }
}

/**
 * Tallies one customer's newly applied events: each counts for its item and is paired with what the
 * customer did before it (`before` is the profile as it was before these events). Only items in the
 * catalog (`catalogued`) count, as partners too: made-up ids never enter anyone's lists.
 */
export function tallyCustomer(
  tally: CoOccurrenceTally,
  before: ProfileState,
  events: readonly { itemId?: string | undefined; type: EventType; timestamp: string }[],
  catalogued: (itemId: string) => boolean,
): void {
  const { relation } = tally;
  const running = earlierInteractions(before, relation);
  for (const event of events) {
    if (event.itemId === undefined || !relation.types.has(event.type) || !catalogued(event.itemId)) continue;
    const at = Date.parse(event.timestamp);
    tally.add(event.itemId, partnersOf(running, event.itemId, at, relation));
    // As the profile orders its history: of equal times, the later event is the newer.
    const index = running.findIndex((e) => e.at <= at);
    running.splice(index === -1 ? running.length : index, 0, { itemId: event.itemId, type: event.type, at });
  }
}

/** An item's counts for one relation: how often it occurred, and with what. */
export interface Neighbourhood {
  itemId: string;
  occurrences: number;
  /** Co-occurrence counts of the strongest neighbours, at most maxNeighbours. */
  neighbours: Dict<number>;
}

/**
 * Adds a batch's increments and keeps the strongest neighbours. Dropping the weakest when the list is full
 * makes counts of items that re-enter later approximate (they restart from zero); the strongest
 * neighbours, the ones that are served, stay exact.
 */
export function mergeNeighbourhood(
  current: Neighbourhood,
  occurrences: number,
  pairs: ReadonlyMap<string, number> | undefined,
): Neighbourhood {
  const neighbours = dict(current.neighbours);
  for (const [other, n] of pairs ?? []) neighbours[other] = (neighbours[other] ?? 0) + n;
  const kept = Object.entries(neighbours)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, CO_OCCURRENCE_LIMITS.maxNeighbours);
  return {
    itemId: current.itemId,
    occurrences: current.occurrences + occurrences,
    neighbours: dict(kept),
  };
}

/**
 * Cosine similarity of two items' customer sets, estimated from counts: co(a,b)/sqrt(n(a)·n(b)). Unlike
 * raw co-counts it does not let globally popular items top every list.
 */
export function cosineSimilarity(coCount: number, countA: number, countB: number): number {
  if (coCount <= 0 || countA <= 0 || countB <= 0) return 0;
  return Math.min(1, coCount / Math.sqrt(countA * countB));
}
