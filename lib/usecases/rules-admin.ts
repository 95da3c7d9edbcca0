import { type Principal, requireAdmin } from "../auth/principal.js";
import { appliedKey, type RuleStore } from "../data/rule-store.js";
import { NotFound } from "../errors.js";
import { type PageQuery, pageResponse } from "../schemas/paging.js";
import type { Rule, RuleRequest, RuleView } from "../schemas/rule.js";

export interface RuleDeps {
  rules: RuleStore;
  now: () => number;
}

/**
 * A rule as returned, with whether it applies at `now` (epoch ms): no more (`expired`), not yet
 * (`scheduled`), now (`active`), or not at all until its PUT is retried (`pending`: `applied` says its
 * placement's row does not hold it, after a failed or interrupted write).
 */
export function ruleView(rule: Rule, now: number, applied: boolean): RuleView {
  const status =
    rule.validUntil !== undefined && Date.parse(rule.validUntil) <= now
      ? "expired"
      : !applied
        ? "pending"
        : rule.validFrom !== undefined && Date.parse(rule.validFrom) > now
          ? "scheduled"
          : "active";
  return { ...rule, status };
}

/**
 * Creates or replaces a business rule (admin). It applies on every list of its placement while it is valid,
 * within a second in every serving process (lib/data/settings-rows.ts), at once in this one. Conflict when the placement already holds as many rules as a list reads
 * (lib/data/rule-store.ts); DependencyUnavailable when rules are being changed concurrently (retry).
 */
export async function putRule(
  principal: Principal,
  ruleId: string,
  request: RuleRequest,
  deps: RuleDeps,
): Promise<RuleView> {
  requireAdmin(principal);
  const now = deps.now();
  const previous = await deps.rules.load(ruleId);
  const rule: Rule = { ...request, ruleId, updatedAt: new Date(now).toISOString() };
  await deps.rules.save(rule, previous, now);
  return ruleView(rule, now, true);
}

/** A rule as stored, with its status (admin). NotFound when there is none. */
export async function getRule(principal: Principal, ruleId: string, deps: RuleDeps): Promise<RuleView> {
  requireAdmin(principal);
  const rule = await deps.rules.load(ruleId);
  if (!rule) throw new NotFound(`No rule with id "${ruleId}".`);
  const applied = await deps.rules.applied([rule]);
  return ruleView(rule, deps.now(), applied.has(appliedKey(rule)));
}

/** Removes a rule (admin): lists stop applying it within a second (settings-rows.ts). NotFound when there is none. */
export async function deleteRule(principal: Principal, ruleId: string, deps: RuleDeps): Promise<void> {
  requireAdmin(principal);
  const rule = await deps.rules.load(ruleId);
  if (!rule) throw new NotFound(`No rule with id "${ruleId}".`);
  await deps.rules.remove(ruleId, deps.now());
}

/** A page of the rules in id order (admin): `{ rules, nextCursor? }`. */
export async function listRules(principal: Principal, page: PageQuery, deps: RuleDeps) {
  requireAdmin(principal);
  const { rules, last } = await deps.rules.list({ limit: page.limit, after: page.cursor });
  const now = deps.now();
  const applied = await deps.rules.applied(rules);
  const rows = rules.map((r) => ruleView(r, now, applied.has(appliedKey(r))));
  return pageResponse("rules", "rules", { rows, last });
}
