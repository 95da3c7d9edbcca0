import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Neighbourhood, Relation } from "../domain/co-occurrence.js";
import { type Dict, dict } from "../domain/dict.js";
import { NEIGHBOURS_PER_INTERACTION } from "../domain/related-pool.js";
import { batchGet } from "./batch.js";
import { keys } from "./keys.js";
import { putVersioned } from "./versioned-put.js";

export interface StoredNeighbourhood {
  hood: Neighbourhood;
  /** 0 when the item has no row yet. */
  version: number;
}

export interface NeighbourStore {
  loadNeighbourhoods(
    relation: Relation,
    itemIds: readonly string[],
  ): Promise<Map<string, StoredNeighbourhood>>;
  /**
   * Only each item's occurrences and its strongest neighbours , read from a small copy
   * kept beside the full list: what an interaction brings into a profile, without unpacking 100 neighbours.
   */
  loadStrongest(relation: Relation, itemIds: readonly string[]): Promise<Map<string, Neighbourhood>>;
  /** Conflict if the row changed since `expectedVersion` (another shard's consumer wrote it). */
  saveNeighbourhood(relation: Relation, hood: Neighbourhood, expectedVersion: number): Promise<void>;
}

/** How many of the strongest neighbours one interaction uses (loadStrongest). */
const STRONGEST_KEPT = NEIGHBOURS_PER_INTERACTION;

/**
 * Neighbour counts are stored as one string, `pairs`: JSON `[itemId, count]` pairs, strongest first. A
 * string, because every write costs a write unit per KB of the whole row and a DynamoDB list of lists
 * spends bytes on every element's type (about a third more for 100 pairs); pairs, not a map, because item
 * ids are data (`__proto__` is no key). Rows written before held a list of pairs (`neighbours`, with a
 * `strongest` copy) or a map; they still read.
 */
function countsOf(row: Record<string, unknown>, limit = Number.POSITIVE_INFINITY): Dict<number> {
  const stored = typeof row.pairs === "string" ? JSON.parse(row.pairs) : (row.neighbours ?? row.strongest);
  if (Array.isArray(stored))
    return dict(
      (stored as [string, number][])
        .slice(0, limit)
        .map(([id, n]): [string, number] => [String(id), Number(n)]),
    );
  return dict((stored ?? {}) as Record<string, number>);
}

const toPairs = (counts: Dict<number>, limit = Number.POSITIVE_INFINITY): [string, number][] =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, limit);

export function neighbourhoodFromRow(row: Record<string, unknown>): StoredNeighbourhood {
  return {
    hood: {
      itemId: String(row.itemId),
      occurrences: Number(row.occurrences ?? 0),
      neighbours: countsOf(row),
    },
    version: Number(row.v ?? 0),
  };
}

export class DynamoNeighbourStore implements NeighbourStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadNeighbourhoods(
    relation: Relation,
    itemIds: readonly string[],
  ): Promise<Map<string, StoredNeighbourhood>> {
    const rows = await batchGet(
      this.db,
      this.tableName,
      itemIds.map((id) => keys.neighbours(relation.rowKey, id)),
    );
    return new Map(rows.map((row) => [String(row.itemId), neighbourhoodFromRow(row)]));
  }

  async loadStrongest(relation: Relation, itemIds: readonly string[]): Promise<Map<string, Neighbourhood>> {
    const rows = await batchGet(
      this.db,
      this.tableName,
      itemIds.map((id) => keys.neighbours(relation.rowKey, id)),
      { attributes: ["itemId", "occurrences", "pairs", "strongest"] },
    );
    return new Map(
      rows.map((row) => [
        String(row.itemId),
        {
          itemId: String(row.itemId),
          occurrences: Number(row.occurrences ?? 0),
          neighbours: countsOf(row, STRONGEST_KEPT),
        },
      ]),
    );
  }

  async saveNeighbourhood(relation: Relation, hood: Neighbourhood, expectedVersion: number): Promise<void> {
    const item = {
      ...keys.neighbours(relation.rowKey, hood.itemId),
      itemId: hood.itemId,
      occurrences: hood.occurrences,
      pairs: JSON.stringify(toPairs(hood.neighbours)),
      v: expectedVersion + 1,
    };
    await putVersioned(this.db, this.tableName, item, expectedVersion);
  }
}
