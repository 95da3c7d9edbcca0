/**
 * Business rules (`GET /v1/rules`) in plain words: what a rule does and when. Pure, so it is unit-tested
 * (test/clients/console/format.test.ts) and the rules view only places the text.
 */

/** Which items a rule is about, as the API sends it. */
export interface MatchLike {
  itemIds?: string[];
  categories?: string[];
  brands?: string[];
  tags?: string[];
  price?: { min?: number; max?: number };
}

/** A rule as the API returns it; kept open so a field added later does not break the page. */
export interface RuleLike {
  ruleId: string;
  placement: string;
  action: string;
  when?: MatchLike;
  mode?: string;
  factor?: number;
  share?: number;
  itemId?: string;
  position?: number;
  validFrom?: string;
  validUntil?: string;
  status: string;
  ruleSet?: string;
}

const or = (values: string[]) => values.join(" or ");

/** `{ categories: ["camping"], price: { max: 50 } }` → `in camping, priced at most 50`. */
export function matchText(when: MatchLike | undefined): string {
  if (!when) return "any item";
  const parts: string[] = [];
  if (when.itemIds) parts.push(`item ${or(when.itemIds)}`);
  if (when.categories) parts.push(`in ${or(when.categories.map((c) => c.split("/").join(" › ")))}`);
  if (when.brands) parts.push(`by ${or(when.brands)}`);
  if (when.tags) parts.push(`tagged ${or(when.tags)}`);
  const { min, max } = when.price ?? {};
  if (min !== undefined && max !== undefined) parts.push(`priced ${min}–${max}`);
  else if (min !== undefined) parts.push(`priced at least ${min}`);
  else if (max !== undefined) parts.push(`priced at most ${max}`);
  return parts.join(", ");
}

/** What a rule does to a list, in a sentence. */
export function ruleEffect(rule: RuleLike): string {
  const items = matchText(rule.when);
  switch (rule.action) {
    case "filter":
      return rule.mode === "include" ? `Only items ${items}` : `Never items ${items}`;
    case "boost":
      return `Scores ×${rule.factor} for items ${items}`;
    case "promote":
      return `Up to ${Number(((rule.share ?? 0) * 100).toPrecision(3))}% of each page for the best items ${items}`;
    case "pin":
      return `${rule.itemId} at position ${rule.position}${rule.when ? ` while it is ${items}` : ""}`;
    default:
      return rule.action;
  }
}

const day = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** When a rule applies: `from … until …`, one side, or `always`, with whether it applies now. */
export function validityText(rule: RuleLike): string {
  const span =
    rule.validFrom && rule.validUntil
      ? `${day(rule.validFrom)} until ${day(rule.validUntil)} UTC`
      : rule.validFrom
        ? `from ${day(rule.validFrom)} UTC`
        : rule.validUntil
          ? `until ${day(rule.validUntil)} UTC`
          : "always";
  const now = {
    active: "in force now",
    scheduled: "not yet in force",
    expired: "expired",
    pending: "not applied: its last change failed, send it again",
  }[rule.status];
  return `${span} (${now ?? rule.status})`;
}
