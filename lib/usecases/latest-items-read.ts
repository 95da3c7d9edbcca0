import { ALSO_VIEWED } from "../domain/co-occurrence.js";
import type { ProfileState } from "../domain/profile-state.js";
import { nameableSources, recentSources, relatedToRecent, sourceRows } from "../domain/recent-neighbours.js";
import { type Arm, recordImpression } from "./experiment-arm.js";
import type { ListDeps } from "./list-deps.js";

/**
 * A personal list's second round trip: the candidates' catalog entries with the neighbour rows of the
 * customer's latest items (co-viewed and co-bought), and — alongside — the impression a tagged response
 * writes. Returns the entries read (`items`) and, per item related to a latest one, its score and the
 * latest item it may be explained by (none named from a blocked category): relatedToRecent's map.
 */
export async function readCandidatesAndLatest(
  deps: Pick<ListDeps, "reads" | "experiments">,
  candidateIds: readonly string[],
  personal: ProfileState | undefined,
  blockedCategories: readonly string[],
  arm: Arm,
) {
  const sources = recentSources(personal);
  const rows = sourceRows(sources);
  const [second] = await Promise.all([
    deps.reads.read({
      itemIds: [...candidateIds, ...rows.coViewed],
      neighbours: { relation: ALSO_VIEWED, itemIds: rows.coViewed },
      coBought: rows.coBought,
    }),
    recordImpression(deps.experiments, arm),
  ]);
  const nameable = nameableSources(sources, second.items, blockedCategories);
  return { items: second.items, related: relatedToRecent(nameable, second.neighbourhoods, second.coBought) };
}
