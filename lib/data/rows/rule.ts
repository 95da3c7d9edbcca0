import type { Rule } from "../../schemas/rule.js";
import { listingKey } from "./listing-key.js";
import { idKeyed, type RowItem, type StoredItem } from "./row-kind.js";

/**
 * A business rule as the merchandiser defined it (`definition`, JSON text), with the id of the write that
 * put it (`writeId`, so an undo touches only its own write); listed in the listing index.
 */
export const ruleRow = {
  ...idKeyed("rule", { pk: "RULE#", sk: "RULE" }),
  listedAs: "rules",
  writeIdAttribute: "writeId",
  toItem: (rule: Rule, writeId: string): RowItem => ({
    ...ruleRow.key(rule.ruleId),
    ...listingKey("rules", rule.ruleId),
    definition: JSON.stringify(rule),
    writeId,
  }),
  fromItem: (item: StoredItem): Rule => JSON.parse(String(item.definition)) as Rule,
} as const;
