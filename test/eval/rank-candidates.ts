import { seededRandom } from "../../infra/local/seeded-random.js";

/**
 * The rank task's candidates for one customer: `size` items drawn uniformly without replacement from the
 * catalog, leaving out the customer's training items and the held-out item (all that qualify when fewer
 * do), then the held-out item inserted at a uniformly random position, so that a ranker that keeps the
 * caller's order scores HR@10 ≈ 10/(size + 1). The draw depends only on the seed, the customer's position
 * in the evaluation order and the catalog, so a fixed seed gives the same candidates every run.
 */
export function sampleRankCandidates(
  catalog: readonly string[],
  exclude: ReadonlySet<string>,
  heldOut: string,
  size: number,
  seed: number,
  customerPosition: number,
): string[] {
  // Mixing the position into the seed keeps each customer's draw independent of how many draws came before.
  const rand = seededRandom((seed * 1_000_003 + customerPosition * 7_919) | 0);
  const eligible = (id: string) => id !== heldOut && !exclude.has(id);
  const eligibleCount = catalog.reduce((n, id) => n + (eligible(id) ? 1 : 0), 0);
  const picked = new Set<string>();
  if (eligibleCount <= size) {
    for (const id of catalog) if (eligible(id)) picked.add(id);
  } else {
    while (picked.size < size) {
      const id = catalog[Math.floor(rand() * catalog.length)] as string;
      if (eligible(id)) picked.add(id);
    }
  }
  const candidates = [...picked];
  // Fisher–Yates, so that a small catalog taken whole is not in catalog order either.
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] as string, candidates[i] as string];
  }
  candidates.splice(Math.floor(rand() * (candidates.length + 1)), 0, heldOut);
  return candidates;
}
