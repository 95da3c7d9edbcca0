import type { ListFilter } from "../schemas/list-filter.js";
import type { Match, Rule } from "../schemas/rule.js";
import type { Strategy } from "../schemas/strategy.js";
import { type Audience, isOffered, type Offerable } from "./eligibility.js";
import { itemFeatures } from "./item-features.js";
import type { Candidate } from "./ranking.js";
import { filterTest, type ItemTest, type Merchandisable, matcher } from "./rule-match.js";

/** An item's catalog entry (or inline fields) by id; undefined for an item the list knows nothing of. */
export type ItemLookup = (itemId: string) => Merchandisable | undefined;

/**
 * The rules that apply at `now` on a strategy: valid (`validFrom` ≤ now < `validUntil`), rules switched on,
 * their rule set not switched off. In rule id order, so every request applies them alike.
 */
export function rulesInForce(rules: readonly Rule[], now: number, switches: Strategy["rules"]): Rule[] {
  if (!switches.enabled) return [];
  // Set names compare as labels do elsewhere: without regard to case.
  const off = new Set(switches.disabledSets.map((set) => set.toLowerCase()));
  return rules
    .filter(
      (r) =>
        (r.validFrom === undefined || Date.parse(r.validFrom) <= now) &&
        (r.validUntil === undefined || now < Date.parse(r.validUntil)) &&
        (r.ruleSet === undefined || !off.has(r.ruleSet.toLowerCase())),
    )
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** How one list applies the business rules in force and the caller's filters, in the contract's order. */
export interface Merchandising {
  /** Filter rules and request-time filters: whether an item may be a candidate at all. */
  admits: ItemTest;
  /** Items the rules name (pins, promoted ids), for lists to read with their candidates. */
  named: string[];
  /** Boost rules: matching items' scores multiplied (a negative score divided), each with a `boosted` reason. */
  boost(candidates: readonly Candidate[], itemOf: ItemLookup): Candidate[];
  /**
   * Promote, then pin, on a page built from `pool` (every admitted, eligible candidate, scored). Promoted
   * items are spread evenly over the page; pins go to their positions. See promote and pin below.
   */
  place(
    page: readonly Candidate[],
    pool: readonly Candidate[],
    limit: number,
    itemOf: ItemLookup,
  ): Candidate[];
}

type Compiled<A extends Rule["action"]> = Extract<Rule, { action: A }> & { test: ItemTest };

/** Matchers built once per `when` object: the rules read from one row version are the same objects. */
const matchers = new WeakMap<object, ItemTest>();
const matcherOf = (when: Match): ItemTest => {
  let test = matchers.get(when);
  if (!test) {
    test = matcher(when);
    matchers.set(when, test);
  }
  return test;
};

const compile = <A extends Rule["action"]>(rules: readonly Rule[], action: A): Compiled<A>[] =>
  rules
    .filter((r): r is Extract<Rule, { action: A }> => r.action === action)
    .map((r) => ({ ...r, test: r.when ? matcherOf(r.when) : () => true }));

/**
 * At most this many items named by rules are read with a list's candidates (a placement and `*` may hold
 * 200 rules): pins of items that no longer exist count towards it until they are deleted.
 */
const MAX_NAMED = 100;

/**
 * The merchandising of one request: the stored `rules` in force at `now` on the strategy (rulesInForce),
 * and the request's own `filter`. Filters decide which items may appear at all, for every later rule too:
 * a pinned or promoted item an exclude filter removes stays out.
 */
export function merchandising(
  stored: readonly Rule[],
  filter: ListFilter,
  now: number,
  switches: Strategy["rules"],
): Merchandising {
  const rules = rulesInForce(stored, now, switches);
  const filters = compile(rules, "filter");
  const boosts = compile(rules, "boost");
  const promotes = compile(rules, "promote");
  const pins = compile(rules, "pin");
  const requested = filterTest(filter);
  const admits: ItemTest = (item) =>
    requested(item) && filters.every((r) => r.test(item) === (r.mode === "include"));
  // Pins first, by position (the rules' id order on a tie), then the promotions' items: what the cap leaves.
  const byPosition = [...pins].sort((a, b) => a.position - b.position);
  const named = [
    ...new Set([...byPosition.map((p) => p.itemId), ...promotes.flatMap((p) => p.when.itemIds ?? [])]),
  ].slice(0, MAX_NAMED);
  return {
    admits,
    named,
    boost: (candidates, itemOf) =>
      boosts.length === 0 ? [...candidates] : boost(candidates, boosts, itemOf),
    place: (page, pool, limit, itemOf) => {
      if (promotes.length === 0 && pins.length === 0) return [...page];
      return pin(promote(page, pool, limit, promotes, itemOf), pool, limit, pins, itemOf);
    },
  };
}

function boost(
  candidates: readonly Candidate[],
  boosts: Compiled<"boost">[],
  itemOf: ItemLookup,
): Candidate[] {
  // Each candidate with its factor (1: no rule applies), sorted together: up to 500 rank candidates, each
  // tested against every boost, with no closure or filtered copy per candidate.
  const boosted = candidates.map((c) => {
    const item = itemOf(c.itemId);
    const applied: Compiled<"boost">[] = [];
    if (item) for (const r of boosts) if (r.test(item)) applied.push(r);
    if (applied.length === 0) return { c, factor: 1 };
    const factor = applied.reduce((f, r) => f * r.factor, 1);
    const reasons = [...c.reasons, ...applied.map((r) => ({ type: "boosted" as const, ruleId: r.ruleId }))];
    return { c: { ...c, score: c.score >= 0 ? c.score * factor : c.score / factor, reasons }, factor };
  });
  // Among equal scores (say, rank candidates no signal tells apart) the boosted go first.
  return boosted.sort((a, b) => b.c.score - a.c.score || b.factor - a.factor).map(({ c }) => c);
}

/**
 * Each promote rule in turn: the page should hold ⌊share · limit⌋ items it matches. Those already on the
 * page count; for the rest the best-scored matching items of the pool not yet shown replace the page's last
 * items that neither match nor fill an earlier promotion's share, and are spread evenly over the page (one
 * promoted item goes in the middle), with `promoted` as their first reason. A share is never exceeded, and
 * the order of the rules does not take one promotion's items away for another's.
 */
function promote(
  page: readonly Candidate[],
  pool: readonly Candidate[],
  limit: number,
  promotes: Compiled<"promote">[],
  itemOf: ItemLookup,
): Candidate[] {
  let placed = [...page];
  // Items that fill some promotion's share, whether it placed them or they were on the page already: a
  // later promotion never takes their place.
  const promoted = new Set<string>();
  for (const rule of promotes) {
    const matches = (c: Candidate) => {
      const item = itemOf(c.itemId);
      return item !== undefined && rule.test(item);
    };
    const share = Math.floor(rule.share * limit + 1e-9);
    const present = placed.filter(matches).slice(0, share);
    for (const c of present) promoted.add(c.itemId);
    const wanted = share - present.length;
    if (wanted <= 0) continue;
    const onPage = new Set(placed.map((c) => c.itemId));
    let extras = pool
      .filter((c) => !onPage.has(c.itemId) && matches(c))
      .sort((a, b) => b.score - a.score)
      .slice(0, wanted);
    let excess = placed.length + extras.length - limit;
    for (let i = placed.length - 1; i >= 0 && excess > 0; i--) {
      const c = placed[i];
      if (c && !promoted.has(c.itemId) && !matches(c)) {
        placed.splice(i, 1);
        excess--;
      }
    }
    if (excess > 0) extras = extras.slice(0, extras.length - excess);
    const total = placed.length + extras.length;
    extras.forEach((c, j) => {
      const slot = Math.floor(((2 * j + 1) * total) / (2 * extras.length));
      placed.splice(slot, 0, { ...c, reasons: [{ type: "promoted", ruleId: rule.ruleId }, ...c.reasons] });
      promoted.add(c.itemId);
    });
    placed = placed.slice(0, limit);
  }
  return placed;
}

/**
 * Pins: each pinned item that is in the pool (so eligible and admitted) and matches the rule's `when`, at
 * its 1-based position (or last, when the page is shorter), with `pinned` as its first reason. When two
 * pins claim one position the rule with the smaller id takes it and the other does nothing; an item pinned
 * twice takes its first rule's position. Items pushed past `limit` leave the page; pinned ones never do.
 */
function pin(
  page: readonly Candidate[],
  pool: readonly Candidate[],
  limit: number,
  pins: Compiled<"pin">[],
  itemOf: ItemLookup,
): Candidate[] {
  const byId = new Map(pool.map((c) => [c.itemId, c]));
  for (const c of page) byId.set(c.itemId, c);
  const chosen = new Map<string, { rule: Compiled<"pin">; candidate: Candidate }>();
  const taken = new Set<number>();
  // Rules come in id order (rulesInForce), so the first to claim an item or a position keeps it.
  for (const rule of pins) {
    const candidate = byId.get(rule.itemId);
    const item = itemOf(rule.itemId);
    if (!candidate || !item || rule.position > limit || !rule.test(item)) continue;
    if (chosen.has(rule.itemId) || taken.has(rule.position)) continue;
    chosen.set(rule.itemId, { rule, candidate });
    taken.add(rule.position);
  }
  if (chosen.size === 0) return [...page];
  const placed = page.filter((c) => !chosen.has(c.itemId));
  const order = [...chosen.values()].sort((a, b) => a.rule.position - b.rule.position);
  for (const { rule, candidate } of order) {
    const reasons = [{ type: "pinned" as const, ruleId: rule.ruleId }, ...candidate.reasons];
    placed.splice(Math.min(rule.position - 1, placed.length), 0, { ...candidate, reasons });
  }
  for (let i = placed.length - 1; i >= 0 && placed.length > limit; i--) {
    const c = placed[i];
    if (c && !chosen.has(c.itemId)) placed.splice(i, 1);
  }
  return placed;
}

/**
 * Items the rules name that are not candidates already, eligible for `audience`, admitted, and within what
 * the request asked for (`within`: a category, say): a list's pool gets them with score 0, so pins and
 * promotions can place them though the list's own signals did not.
 */
export function namedOnly<T extends Merchandisable & Offerable & { categories: string[] }>(
  rules: Pick<Merchandising, "named" | "admits">,
  candidates: readonly Candidate[],
  items: ReadonlyMap<string, T>,
  audience: Audience,
  within: (item: T) => boolean = () => true,
): Candidate[] {
  const present = new Set(candidates.map((c) => c.itemId));
  return rules.named.flatMap((id) => {
    const item = items.get(id);
    if (present.has(id) || !item || !isOffered(item, audience) || !rules.admits(item) || !within(item))
      return [];
    return [{ itemId: id, score: 0, reasons: [], categories: item.categories, features: itemFeatures(item) }];
  });
}
