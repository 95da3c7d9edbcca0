import type { Rule, RulePlacement } from "../../schemas/rule.js";
import { idKeyed, type RowItem, type StoredItem, VERSION_ATTRIBUTE, versionOf } from "./row-kind.js";

/**
 * The rules of a placement (`*`: of every placement) that apply now or later, in one bounded row: read
 * with a list's first round trip, beside the placement's running experiment. `rules` is JSON text (ids
 * and labels are data, never attribute names), `v` its version.
 */
export const placementRulesRow = {
  ...idKeyed<RulePlacement>("placement rules", { pk: "PLACEMENT#", sk: "RULES" }),
  /** The stored form of a placement's rules: what counts against its bound. */
  rulesJson: (rules: readonly Rule[]): string => JSON.stringify(rules),
  /** `rulesJson`: the rules as rulesJson stored them. */
  toItem: (placement: RulePlacement, rulesJson: string, version: number): RowItem => ({
    ...placementRulesRow.key(placement),
    rules: rulesJson,
    [VERSION_ATTRIBUTE]: version,
  }),
  fromItem: (item: StoredItem): { rules: Rule[]; version: number } => ({
    rules: typeof item.rules === "string" ? (JSON.parse(item.rules) as Rule[]) : [],
    version: versionOf(item),
  }),
};
