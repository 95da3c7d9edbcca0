import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Neighbourhood, Relation } from "../domain/co-occurrence.js";
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
  /** Conflict if the row changed since `expectedVersion` (another shard's consumer wrote it). */
  saveNeighbourhood(relation: Relation, hood: Neighbourhood, expectedVersion: number): Promise<void>;
}

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

  async saveNeighbourhood(relation: Relation, hood: Neighbourhood, expectedVersion: number): Promise<void> {
    const item = { ...keys.neighbours(relation.rowKey, hood.itemId), ...hood, v: expectedVersion + 1 };
    await putVersioned(this.db, this.tableName, item, expectedVersion);
  }
}
