import { mapWithConcurrency } from "../concurrency.js";
import type { NeighbourStore } from "../data/neighbour-store.js";
import { type CoOccurrenceTally, mergeNeighbourhood } from "../domain/co-occurrence.js";
import { Conflict } from "../errors.js";

const WRITE_CONCURRENCY = 16;
const CONFLICT_RETRIES = 2;

/**
 * Writes a batch's co-occurrence increments for one relation: every touched item read once (one BatchGet) and written once,
 * conditionally, so a very popular item costs one write per batch rather than one per event. Returns how
 * many items could not be updated; their increments are dropped (counts err low, never double).
 */
export async function updateNeighbours(tally: CoOccurrenceTally, store: NeighbourStore): Promise<number> {
  const { relation } = tally;
  const touched = tally.touchedItems();
  if (touched.length === 0) return 0;
  let current: Awaited<ReturnType<NeighbourStore["loadNeighbourhoods"]>>;
  try {
    current = await store.loadNeighbourhoods(relation, touched);
  } catch {
    return touched.length;
  }
  const failed = await mapWithConcurrency(touched, WRITE_CONCURRENCY, async (itemId): Promise<boolean> => {
    let stored = current.get(itemId);
    for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
      const base = stored ?? { hood: { itemId, occurrences: 0, neighbours: {} }, version: 0 };
      try {
        await store.saveNeighbourhood(
          relation,
          mergeNeighbourhood(base.hood, tally.occurrences.get(itemId) ?? 0, tally.pairs.get(itemId)),
          base.version,
        );
        return false;
      } catch (error) {
        if (!(error instanceof Conflict)) return true;
        try {
          stored = (await store.loadNeighbourhoods(relation, [itemId])).get(itemId);
        } catch {
          return true;
        }
      }
    }
    return true;
  });
  return failed.filter(Boolean).length;
}
