import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Neighbourhood, Relation } from "../domain/co-occurrence.js";
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

/** How many of the strongest neighbours are copied beside the full list: what one interaction uses. */
const STRONGEST_KEPT = NEIGHBOURS_PER_INTERACTION;

export function neighbourhoodFromRow(row: Record<string, unknown>): StoredNeighbourhood {
  return {
    hood: {
      itemId: String(row.itemId),
      occurrences: Number(row.occurrences ?? 0),
      neighbours: (row.neighbours as Record<string, number> | undefined) ?? {},
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
      ["itemId", "occurrences", "strongest"],
    );
    return new Map(
      rows.map((row) => [
        String(row.itemId),
        {
          itemId: String(row.itemId),
          occurrences: Number(row.occurrences ?? 0),
          neighbours: (row.strongest as Record<string, number> | undefined) ?? {},
        },
      ]),
    );
  }

  async saveNeighbourhood(relation: Relation, hood: Neighbourhood, expectedVersion: number): Promise<void> {
    const strongest = Object.fromEntries(
      Object.entries(hood.neighbours)
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
        .slice(0, STRONGEST_KEPT),
    );
    const item = {
      ...keys.neighbours(relation.rowKey, hood.itemId),
      ...hood,
      strongest,
      v: expectedVersion + 1,
    };
    await putVersioned(this.db, this.tableName, item, expectedVersion);
  }
}
