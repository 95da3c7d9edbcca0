import type { Candidate } from "./ranking.js";

/**
 * The exploration share: when fewer than ⌊limit · share⌋ of the page are cold items (`explorable`: new
 * to the catalog, eligible, best first), the best of the others replace the page's last items, with
 * `exploration` as their first reason; a page shorter than `limit` is filled with them too (they push
 * nothing out). Diversity holds for them as in `diversify`: none joins a leaf category that already has
 * its share of the page. Explored items go last, their scores capped at the last kept item's, so the page
 * stays best first.
 */
export function explore(
  page: readonly Candidate[],
  explorable: readonly Candidate[],
  limit: number,
  share: number,
  maxShare = 1 / 3,
): Candidate[] {
  const cold = new Set(explorable.map((c) => c.itemId));
  const slots = Math.floor(limit * share + 1e-9) - page.filter((c) => cold.has(c.itemId)).length;
  let wanted = Math.min(explorable.length, Math.max(slots, limit - page.length));
  const cap = Math.max(1, Math.ceil(limit * maxShare));
  // Fewer placed than wanted (diversity held some back) gives a place back to the page: try again with it.
  while (wanted > 0) {
    const keep = page.slice(0, Math.min(page.length, limit - wanted));
    const chosen = explorableWithin(keep, explorable, wanted, cap);
    if (chosen.length === wanted) {
      const floor = Math.min(...keep.map((c) => c.score));
      return [...keep, ...chosen.map((c) => ({ ...c, score: Math.min(c.score, floor) }))];
    }
    wanted = chosen.length;
  }
  return [...page];
}

/** Up to `wanted` of `explorable`, in order, not on the page, none taking a leaf category past `cap`. */
function explorableWithin(
  keep: readonly Candidate[],
  explorable: readonly Candidate[],
  wanted: number,
  cap: number,
): Candidate[] {
  const perCategory = new Map<string, number>();
  for (const c of keep)
    perCategory.set(c.categories[0] ?? "", (perCategory.get(c.categories[0] ?? "") ?? 0) + 1);
  const onPage = new Set(keep.map((c) => c.itemId));
  const chosen: Candidate[] = [];
  for (const c of explorable) {
    if (chosen.length >= wanted) break;
    const leaf = c.categories[0] ?? "";
    const used = perCategory.get(leaf) ?? 0;
    if (onPage.has(c.itemId) || (leaf !== "" && used >= cap)) continue;
    perCategory.set(leaf, used + 1);
    chosen.push({ ...c, reasons: [{ type: "exploration" }, ...c.reasons] });
  }
  return chosen;
}
