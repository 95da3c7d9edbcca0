import { mergeRows } from "../data/merge-rows.js";
import type { NeighbourStore } from "../data/neighbour-store.js";
import { type CoOccurrenceTally, mergeNeighbourhood, type Neighbourhood } from "../domain/co-occurrence.js";
import { dict } from "../domain/dict.js";

/**
 * Writes co-occurrence increments for one relation: every touched item row read once and written once,
 * so a very popular item costs one write per flush, not one per event. Returns rows that could not be
 * updated (their increments are dropped: counts err low, never double).
 */
export async function updateNeighbours(tally: CoOccurrenceTally, store: NeighbourStore): Promise<number> {
  const { relation } = tally;
  return mergeRows<Neighbourhood>(
    tally.touchedItems(),
    {
      load: async (ids) =>
        new Map(
          [...(await store.loadNeighbourhoods(relation, ids))].map(([id, s]) => [
            id,
            { row: s.hood, version: s.version },
          ]),
        ),
      save: (row, version) => store.saveNeighbourhood(relation, row, version),
    },
    (itemId) => ({ itemId, occurrences: 0, neighbours: dict<number>() }),
    (current) =>
      mergeNeighbourhood(
        current,
        tally.occurrences.get(current.itemId) ?? 0,
        tally.pairs.get(current.itemId),
      ),
  );
}
