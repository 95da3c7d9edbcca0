import { EVENT_TYPE_BEHAVIOUR, type EventType } from "../schemas/event-types.js";
import { type Dict, dict } from "./dict.js";

export const TRENDING_SETTINGS = {
  shortHalfLifeMs: 2 * 3_600_000,
  longHalfLifeMs: 48 * 3_600_000,
  /** Items kept per scope row. */
  maxItems: 200,
  /** The most a rising item's score is lifted (×). */
  maxLift: 3,
} as const;

/** Any country / any category. */
export const ALL = "*";

/** How much an interaction says "people want this now" (its type's row, lib/schemas/event-types.ts). */
export const trendWeight = (type: EventType): number => EVENT_TYPE_BEHAVIOUR[type].trend;

/**
 * The scopes an interaction counts in: its country or anywhere, crossed with each level of its item's
 * category paths or any category.
 */
export function trendScopes(country: string | undefined, categories: readonly string[]): string[] {
  const categoryScopes = new Set<string>([ALL]);
  for (const path of categories) {
    // Lower case, as the trending query is: "Shoes/Running" and "shoes/running" are one scope.
    const parts = path.toLowerCase().split("/");
    for (let depth = 1; depth <= parts.length; depth++) categoryScopes.add(parts.slice(0, depth).join("/"));
  }
  const countries = country ? [ALL, country] : [ALL];
  return countries.flatMap((c) => [...categoryScopes].map((cat) => scopeId(c, cat)));
}

export const scopeId = (country: string, category: string) => `${country}#${category}`;

/** The half-lives and bounds trending is computed with (TRENDING_SETTINGS; tests may pass others). */
export interface TrendSettings {
  readonly shortHalfLifeMs: number;
  readonly longHalfLifeMs: number;
  readonly maxItems: number;
  readonly maxLift: number;
}

/**
 * One scope's counters, with forward decay against `epoch`: per item, [short, long] decayed weighted
 * counts. A signal w at time t adds w·2^((t-epoch)/halfLife) to each.
 */
export interface TrendRow {
  scope: string;
  epoch: number;
  latest: number;
  items: Dict<[number, number]>;
  /**
   * The [short, long] half-lives the counters were built with. Absent from rows stored before it was kept:
   * those are taken to be built with the configured ones. A row built with others is rebased when next
   * merged (its values as of `latest` unchanged), and read as built up to `latest`, configured after.
   */
  halfLives?: readonly [number, number] | undefined;
}

/** Increments of one flush, per scope and item: (time, weight) signals summed as forward-decayed values. */
export class TrendTally {
  readonly signals = new Map<string, Map<string, { at: number; weight: number }[]>>();

  add(scopes: readonly string[], itemId: string, at: number, weight: number): void {
    if (weight <= 0) return;
    for (const scope of scopes) {
      const row = this.signals.get(scope) ?? new Map<string, { at: number; weight: number }[]>();
      const list = row.get(itemId) ?? [];
      list.push({ at, weight });
      row.set(itemId, list);
      this.signals.set(scope, row);
    }
  }

  touchedScopes(): string[] {
    return [...this.signals.keys()];
  }
}

const grow = (at: number, epoch: number, halfLife: number) => 2 ** ((at - epoch) / halfLife);

/** What a counter stored against `row.epoch`, built with half-life `built`, is multiplied by to be its value at `at`. */
function decayTo(at: number, row: TrendRow, built: number, halfLife: number): number {
  return built === halfLife
    ? 1 / grow(at, row.epoch, halfLife)
    : 1 / grow(row.latest, row.epoch, built) / grow(at, row.latest, halfLife);
}

/** Adds a flush's signals to a row and keeps its strongest items (by the short counter, now). */
export function mergeTrendRow(
  current: TrendRow,
  signals: ReadonlyMap<string, readonly { at: number; weight: number }[]>,
  settings: TrendSettings = TRENDING_SETTINGS,
): TrendRow {
  const { shortHalfLifeMs: hs, longHalfLifeMs: hl } = settings;
  let { epoch, latest } = current;
  const items = dict<[number, number]>();
  for (const [id, [s, l]] of Object.entries(current.items)) items[id] = [s, l];
  // Built with other half-lives: rebased first, so its values as of its latest signal stay as they were.
  const [bs, bl] = current.halfLives ?? [hs, hl];
  if (bs !== hs || bl !== hl) {
    const fs = decayTo(latest, current, bs, bs);
    const fl = decayTo(latest, current, bl, bl);
    for (const pair of Object.values(items)) {
      pair[0] *= fs;
      pair[1] *= fl;
    }
    epoch = latest;
  }
  // A loop, not Math.min(...spread): a busy flush holds more signals than a call may take arguments.
  let oldest = Number.POSITIVE_INFINITY;
  let newest = latest;
  for (const list of signals.values()) {
    for (const { at } of list) {
      if (at < oldest) oldest = at;
      if (at > newest) newest = at;
    }
  }
  if (Object.keys(items).length === 0 && oldest !== Number.POSITIVE_INFINITY) epoch = oldest;
  // Move the epoch forward when the short counter's exponent grows large, to stay far from overflow.
  if ((newest - epoch) / hs > 64) {
    const fs = 1 / grow(newest, epoch, hs);
    const fl = 1 / grow(newest, epoch, hl);
    for (const pair of Object.values(items)) {
      pair[0] *= fs;
      pair[1] *= fl;
    }
    epoch = newest;
  }
  latest = newest;
  for (const [id, list] of signals) {
    const pair = items[id] ?? [0, 0];
    for (const { at, weight } of list) {
      pair[0] += weight * grow(at, epoch, hs);
      pair[1] += weight * grow(at, epoch, hl);
    }
    items[id] = pair;
  }
  const kept = Object.entries(items)
    .sort(([a, x], [b, y]) => y[0] - x[0] || (a < b ? -1 : 1))
    .slice(0, settings.maxItems);
  return { scope: current.scope, epoch, latest, items: dict(kept), halfLives: [hs, hl] };
}

/**
 * Popular now, lifted when rising: the short-term rate (per hour, decayed to `now`) times
 * √(short rate ÷ long rate), capped at maxLift, never below 1 — a steady seller keeps its place, a riser
 * moves up. Highest first.
 */
export function trendingScores(
  row: TrendRow,
  now: number,
  settings: TrendSettings = TRENDING_SETTINGS,
): { itemId: string; score: number; rising: boolean }[] {
  const { shortHalfLifeMs: hs, longHalfLifeMs: hl, maxLift } = settings;
  const at = Math.max(now, row.latest);
  const [bs, bl] = row.halfLives ?? [hs, hl];
  const ds = decayTo(at, row, bs, hs);
  const dl = decayTo(at, row, bl, hl);
  return Object.entries(row.items)
    .map(([itemId, [s, l]]) => {
      const shortRate = (s * ds) / (hs / 3_600_000);
      const longRate = (l * dl) / (hl / 3_600_000);
      const ratio = longRate > 0 ? shortRate / longRate : 1;
      const lift = Math.min(maxLift, Math.max(1, Math.sqrt(ratio)));
      return { itemId, score: shortRate * lift, rising: lift > 1.2 };
    })
    .sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1));
}
