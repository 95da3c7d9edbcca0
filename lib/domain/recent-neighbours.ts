import type { Reason } from "../schemas/recommendation.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, type Neighbourhood, type Relation } from "./co-occurrence.js";
import { underAny } from "./preferences.js";
import type { ProfileState } from "./profile-state.js";

/**
 * How many of the customer's latest distinct items speak for them at the time of a request. The last few
 * actions predict the next one best (session-based kNN: Jannach & Ludewig 2017; its recency-weighted
 * variant V-SKNN: Ludewig & Jannach 2018); five, with linear weights, was the strongest window on
 * ml-latest-small for both session-kNN and this scorer (docs/benchmarks.md).
 */
export const RECENT_SOURCES = 5;

/** One of the customer's latest items and how much it speaks for them now. */
export interface RecentSource {
  itemId: string;
  /** Linear recency weight: the latest item 1, the p-th before it (RECENT_SOURCES − p) / RECENT_SOURCES. */
  weight: number;
  /** Bought: its bought-together neighbours count too. */
  purchased: boolean;
}

/**
 * The customer's latest distinct catalog items that co-occurrence counts (views, clicks, carts,
 * purchases; not dismissals), newest first, with their recency weights. Empty for no profile.
 */
export function recentSources(profile: ProfileState | undefined): RecentSource[] {
  const sources: RecentSource[] = [];
  for (const entry of profile?.recentItems ?? []) {
    if (sources.length >= RECENT_SOURCES) break;
    if (entry.uncatalogued || !ALSO_VIEWED.types.has(entry.type)) continue;
    const known = sources.find((s) => s.itemId === entry.itemId);
    if (known) {
      known.purchased ||= BOUGHT_TOGETHER.types.has(entry.type);
      continue;
    }
    const weight = (RECENT_SOURCES - sources.length) / RECENT_SOURCES;
    sources.push({ itemId: entry.itemId, weight, purchased: BOUGHT_TOGETHER.types.has(entry.type) });
  }
  return sources;
}

/**
 * The sources a list may name as a reason: still in the catalog, available, and not in a category the
 * customer blocked. The others are left out of the score too — a list never says "because you viewed X"
 * of an item it could not show or the customer asked not to see.
 */
export function nameableSources(
  sources: readonly RecentSource[],
  items: ReadonlyMap<string, { available?: boolean | undefined; categories?: readonly string[] | undefined }>,
  blockedCategories: readonly string[],
): RecentSource[] {
  return sources.filter((s) => {
    const item = items.get(s.itemId);
    return item !== undefined && item.available !== false && !underAny(item.categories, blockedCategories);
  });
}

/** Which neighbour rows a request must read for these sources. */
export function sourceRows(sources: readonly RecentSource[]): { coViewed: string[]; coBought: string[] } {
  return {
    coViewed: sources.map((s) => s.itemId),
    coBought: sources.filter((s) => s.purchased).map((s) => s.itemId),
  };
}

/** An item's relatedness to the customer's latest items, and the source that contributes most (the reason). */
export interface RecentRelated {
  weight: number;
  reason: Reason;
}

/**
 * Scores every neighbour of the customer's latest items: Σ over sources s of weight(s) · P(item | s), where
 * P(item | s) = co-occurrences(s, item) / occurrences(s) from the rows as they are now (bought-together
 * rows add theirs for purchased sources). P(B|A) rather than cosine: on every log measured it favoured the
 * items customers went on to choose (docs/benchmarks.md). Sources and candidates themselves are scored
 * too; the caller leaves out what the customer should not see again.
 */
export function relatedToRecent(
  sources: readonly RecentSource[],
  coViewed: ReadonlyMap<string, Neighbourhood>,
  coBought: ReadonlyMap<string, Neighbourhood>,
): Map<string, RecentRelated> {
  const scores = new Map<string, { weight: number; best: number; reason: Reason }>();
  const add = (source: RecentSource, hood: Neighbourhood | undefined, name: Relation["name"]) => {
    if (!hood || hood.occurrences <= 0) return;
    for (const [itemId, count] of Object.entries(hood.neighbours)) {
      if (itemId === source.itemId || count <= 0) continue;
      const contribution = (source.weight * Math.min(count, hood.occurrences)) / hood.occurrences;
      const reason: Reason = { type: name, itemId: source.itemId };
      const current = scores.get(itemId);
      if (!current) scores.set(itemId, { weight: contribution, best: contribution, reason });
      else {
        current.weight += contribution;
        if (contribution > current.best) Object.assign(current, { best: contribution, reason });
      }
    }
  };
  for (const source of sources) {
    add(source, coViewed.get(source.itemId), ALSO_VIEWED.name);
    if (source.purchased) add(source, coBought.get(source.itemId), BOUGHT_TOGETHER.name);
  }
  return new Map([...scores].map(([itemId, { weight, reason }]) => [itemId, { weight, reason }]));
}
