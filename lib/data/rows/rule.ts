import type { Rule } from "../../schemas/rule.js";
import { listingKey } from "./listing-key.js";
import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

const pattern = { pk: "RULE#", sk: "RULE" } as const satisfies KeyPattern;

/**
 * A business rule as the merchandiser defined it (`definition`, JSON text), with the id of the write that
 * put it (`writeId`, so an undo touches only its own write); listed in the listing index.
 */
export const ruleRow = {
  name: "rule",
  pattern,
  listedAs: "rules",
  key: (ruleId: string): TableKey => ({ pk: `${pattern.pk}${ruleId}`, sk: pattern.sk }),
  recognises: recogniser(pattern),
  /** The rule's id, from a key this kind recognises. */
  idOf: (key: TableKey): string => key.pk.slice(pattern.pk.length),
  writeIdAttribute: "writeId",
  toItem: (rule: Rule, writeId: string): RowItem => ({
    ...ruleRow.key(rule.ruleId),
    ...listingKey("rules", rule.ruleId),
    definition: JSON.stringify(rule),
    writeId,
  }),
  fromItem: (item: StoredItem): Rule => JSON.parse(String(item.definition)) as Rule,
} as const;
