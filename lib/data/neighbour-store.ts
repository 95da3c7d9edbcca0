import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Neighbourhood, Relation } from "../domain/co-occurrence.js";
import { NEIGHBOURS_PER_INTERACTION } from "../domain/related-pool.js";
import { batchGet } from "./batch.js";
import { neighbourRowOf, type StoredNeighbourhood } from "./rows/neighbours.js";
import { type DocumentFormat, WRITTEN_FORMAT } from "./rows/packed-document.js";
import { putVersioned } from "./versioned-put.js";

export type { StoredNeighbourhood } from "./rows/neighbours.js";

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

export class DynamoNeighbourStore implements NeighbourStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How documents are written (packed-document.ts); every format reads. */
    private readonly documentFormat: DocumentFormat = WRITTEN_FORMAT,
  ) {}

  async loadNeighbourhoods(
    relation: Relation,
    itemIds: readonly string[],
  ): Promise<Map<string, StoredNeighbourhood>> {
    const kind = neighbourRowOf(relation);
    const rows = await batchGet(this.db, this.tableName, itemIds.map(kind.key));
    return new Map(rows.map(kind.fromItem).map((stored) => [stored.hood.itemId, stored]));
  }

  async loadStrongest(relation: Relation, itemIds: readonly string[]): Promise<Map<string, Neighbourhood>> {
    const kind = neighbourRowOf(relation);
    const rows = await batchGet(this.db, this.tableName, itemIds.map(kind.key), {
      attributes: kind.strongestAttributes,
    });
    return new Map(
      rows.map((row) => kind.strongestFromItem(row, STRONGEST_KEPT)).map((hood) => [hood.itemId, hood]),
    );
  }

  async saveNeighbourhood(relation: Relation, hood: Neighbourhood, expectedVersion: number): Promise<void> {
    const item = neighbourRowOf(relation).toItem(hood, expectedVersion + 1, this.documentFormat);
    await putVersioned(this.db, this.tableName, item, expectedVersion);
  }
}
