import type { EventType } from "../schemas/event.js";
import type { HistoryEntry } from "./profile.js";

/** Interactions that say "this shopper looked at this item" for co-occurrence (a dismissal does not). */
export const CO_VIEW_TYPES: ReadonlySet<EventType> = new Set(["view", "click", "add_to_cart", "purchase"]);

export const CO_VIEW_SETTINGS = {
  /** Items looked at within this time before an event are its session partners. */
  sessionWindowMs: 30 * 60_000,
  /** At most this many partners per event (the most recent ones). */
  maxPartners: 20,
  /** Each item keeps at most this many neighbours (the most co-viewed). */
  maxNeighbours: 100,
} as const;

/**
 * The items an event pairs with: distinct items the same customer looked at in the session window before
 * it (from the history as it was before the event), newest first.
 */
export function sessionPartners(history: readonly HistoryEntry[], itemId: string, at: number): string[] {
  const partners: string[] = [];
  for (const entry of history) {
    if (entry.at > at || entry.at < at - CO_VIEW_SETTINGS.sessionWindowMs) continue;
    if (entry.itemId === itemId || !CO_VIEW_TYPES.has(entry.type) || partners.includes(entry.itemId))
      continue;
    partners.push(entry.itemId);
    if (partners.length >= CO_VIEW_SETTINGS.maxPartners) break;
  }
  return partners;
}

/** Increments gathered over one batch, so every touched item is written once per batch, not per event. */
export class CoViewTally {
  readonly views = new Map<string, number>();
  readonly pairs = new Map<string, Map<string, number>>();

  add(itemId: string, partners: readonly string[]): void {
    this.views.set(itemId, (this.views.get(itemId) ?? 0) + 1);
    for (const partner of partners) {
      this.bump(itemId, partner);
      this.bump(partner, itemId);
    }
  }

  touchedItems(): string[] {
    return [...new Set([...this.views.keys(), ...this.pairs.keys()])];
  }

  private bump(from: string, to: string): void {
    const row = this.pairs.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    this.pairs.set(from, row);
  }
}

/** An item's co-view statistics: how often it was looked at, and with what. */
export interface Neighbourhood {
  itemId: string;
  views: number;
  /** Co-view counts of the most co-viewed items, at most maxNeighbours. */
  neighbours: Record<string, number>;
}

/**
 * Adds a batch's increments and keeps the most co-viewed neighbours. Dropping the weakest when the list is
 * full makes counts of items that re-enter later approximate (they restart from zero); the strongest
 * neighbours, the ones that are served, stay exact.
 */
export function mergeNeighbourhood(
  current: Neighbourhood,
  views: number,
  pairs: ReadonlyMap<string, number> | undefined,
): Neighbourhood {
  const neighbours = { ...current.neighbours };
  for (const [other, n] of pairs ?? []) neighbours[other] = (neighbours[other] ?? 0) + n;
  const kept = Object.entries(neighbours)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, CO_VIEW_SETTINGS.maxNeighbours);
  return { itemId: current.itemId, views: current.views + views, neighbours: Object.fromEntries(kept) };
}

/**
 * Cosine similarity of two items' viewer sets, estimated from counts: co(a,b)/sqrt(views(a)·views(b)).
 * Unlike raw co-counts it does not let globally popular items top every list.
 */
export function coViewSimilarity(coCount: number, viewsA: number, viewsB: number): number {
  if (coCount <= 0 || viewsA <= 0 || viewsB <= 0) return 0;
  return Math.min(1, coCount / Math.sqrt(viewsA * viewsB));
}

/**
 * Tallies the co-views of one customer's newly applied events, each paired with what the customer looked
 * at before it (`history` is the profile's history before these events).
 */
export function tallyCoViews(
  tally: CoViewTally,
  history: readonly HistoryEntry[],
  events: readonly { itemId?: string | undefined; type: EventType; timestamp: string }[],
): void {
  const running = [...history];
  for (const event of events) {
    if (event.itemId === undefined) continue;
    const at = Date.parse(event.timestamp);
    if (CO_VIEW_TYPES.has(event.type)) tally.add(event.itemId, sessionPartners(running, event.itemId, at));
    const index = running.findIndex((e) => e.at < at);
    running.splice(index === -1 ? running.length : index, 0, { itemId: event.itemId, type: event.type, at });
  }
}
