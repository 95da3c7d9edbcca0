import type { RuleRequest } from "../../lib/schemas/rule.js";

/**
 * Fifty rules in force, as a merchandiser might keep them over the bench's catalog (`sku-N` items in
 * `deptD/leafL` categories, `brand-B`, `tag-T`, prices 5–404): across the placements the bench measures and
 * `*`, of every action, each matching a slice of the catalog so every rule is evaluated on every candidate.
 */
export function fiftyRules(): { ruleId: string; rule: RuleRequest }[] {
  const placements = ["recommendations", "also-viewed", "rank", "*"] as const;
  return Array.from({ length: 50 }, (_, i) => {
    const placement = placements[i % placements.length] ?? "*";
    const ruleId = `bench-${String(i).padStart(2, "0")}`;
    const base = { placement, validUntil: new Date(Date.now() + 86_400_000).toISOString() };
    if (i < 5) {
      return {
        ruleId,
        rule: { ...base, action: "filter", mode: "exclude", when: { brands: [`brand-${i}`] } },
      };
    }
    if (i < 30) {
      return {
        ruleId,
        rule: {
          ...base,
          action: "boost",
          factor: 1 + (i % 4),
          when: { tags: [`tag-${i % 17}`], price: { max: 300 } },
        },
      };
    }
    if (i < 40) {
      return {
        ruleId,
        rule: {
          ...base,
          action: "promote",
          share: 0.1,
          when: { categories: [`dept${i % 10}`], brands: [`brand-${i % 30}`] },
        },
      };
    }
    return { ruleId, rule: { ...base, action: "pin", itemId: `sku-${i * 3}`, position: 1 + (i % 10) } };
  });
}
