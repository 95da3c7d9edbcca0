import { createHash } from "node:crypto";
import { projectionHeadRow } from "./rows/projection-head.js";
import { type CatalogEntry, type ProjectionShard, projectionShardRow } from "./rows/projection-shard.js";
import type { TableKey } from "./rows/row-kind.js";

export type { CatalogEntry, ProjectionShard } from "./rows/projection-shard.js";

/**
 * The projection is split over this many rows by a hash of the item id, so that a catalog change rewrites
 * one small row and a container re-reads only the rows that changed. 256 rows of at most MAX_SHARD_BYTES
 * hold 32 MB: about 300,000 entries of ~100 bytes, fewer with long tag, category or region lists (ids hash
 * unevenly, so the first full shard comes earlier). A catalog of 10,000 items makes rows of ~4 KB.
 */
export const CATALOG_SHARDS = 256;

/**
 * A shard's entries, in UTF-8 bytes (as DynamoDB counts them). Far below DynamoDB's 400 KB item limit so
 * that a new container loads even a full projection quickly (about 32 MB, parsed in well under a second)
 * and keeps it within a 512 MB function's memory.
 */
export const MAX_SHARD_BYTES = 128 * 1024;

/** Shards per BatchGet: a full shard is 128 KB, so a response stays near 1 MB (the local store's limit). */
export const SHARD_READ_CHUNK = 8;

/** A container reads the head at most this often: a catalog change shows in its lists within this bound. */
export const HEAD_MAX_AGE_MS = 1000;

export function shardOf(itemId: string): number {
  return createHash("sha256").update(itemId).digest().readUInt16BE(0) % CATALOG_SHARDS;
}

export function catalogEntryOf(item: CatalogEntry): CatalogEntry {
  const { itemId, categories, available, regions, brand, tags, price } = item;
  return {
    itemId,
    categories,
    available,
    ...(regions === undefined ? {} : { regions }),
    ...(brand === undefined ? {} : { brand }),
    ...(tags === undefined ? {} : { tags }),
    ...(price === undefined ? {} : { price }),
  };
}

/** The keys a round trip adds for the projection, and which of them it asked for. */
export interface ProjectionPlan {
  head: boolean;
  shards: number[];
  /** This process's write count when the plan was made. */
  writes: number;
  /** When the plan was made (the round trip sent), by the projection's clock. */
  at: number;
  /** The head's key (if `head`) and the shards' keys, for a BatchGet of SHARD_READ_CHUNK keys at most. */
  keys: TableKey[];
}

/**
 * One process's copy of the catalog projection. Each round trip of a list reads the head (the version of
 * every shard) when the copy's head is older than HEAD_MAX_AGE_MS, and re-reads the shards whose version
 * moved, in the round trip that asks for entries (all of them the first time). Entries a list uses are
 * therefore as the catalog was at most HEAD_MAX_AGE_MS before its request, or at its own process's last
 * catalog write (`headChanged`), give or take DynamoDB's eventually consistent reads.
 */
export class CatalogProjection {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly loaded = new Map<number, { version: number; ids: string[] }>();
  /** Shard → version the latest head named. */
  private head: Map<number, number> | undefined;
  /** When the read of the head held now was sent; the head counts as fresh from then. */
  private headReadAt = Number.NEGATIVE_INFINITY;
  private headSentAt = Number.NEGATIVE_INFINITY;
  /** This process's catalog writes so far: a head read that began before one of them is not fresh. */
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** What one round trip adds: the head when due, and the shards to (re)load when it asks for entries. */
  plan(wantsEntries: boolean): ProjectionPlan {
    const at = this.now();
    const head = at - this.headReadAt >= HEAD_MAX_AGE_MS;
    const shards = wantsEntries ? this.due() : [];
    return {
      head,
      shards,
      writes: this.writes,
      at,
      keys: [...(head ? [projectionHeadRow.key()] : []), ...shards.map(projectionShardRow.key)],
    };
  }

  private due(): number[] {
    const out: number[] = [];
    for (let shard = 0; shard < CATALOG_SHARDS; shard++) {
      const have = this.loaded.get(shard);
      // Never loaded: load it (an absent row is an empty shard, held at version 0).
      if (have === undefined || (this.head?.get(shard) ?? 0) > have.version) out.push(shard);
    }
    return out;
  }

  /** Takes in what the round trip of `plan` read (any rows; those of the projection are picked out). */
  absorb(plan: ProjectionPlan, rows: readonly Record<string, unknown>[]): void {
    // A head read sent before the one held (answers can arrive out of order) is older: keep the held one.
    if (plan.head && plan.at >= this.headSentAt) {
      this.head = projectionHeadRow.versionsFromItem(rows.find(projectionHeadRow.recognises), CATALOG_SHARDS);
      this.headSentAt = plan.at;
      // Read before this process's own write landed: read it again next time, so that write shows at once.
      if (plan.writes === this.writes) this.headReadAt = plan.at;
    }
    const found = new Map<number, { row: ProjectionShard; version: number }>();
    for (const row of rows) {
      if (!projectionShardRow.recognises(row)) continue;
      const read = projectionShardRow.fromItem(row);
      found.set(read.row.shard, read);
    }
    for (const shard of plan.shards) {
      const read = found.get(shard);
      const have = this.loaded.get(shard);
      // An eventually consistent read may return an older copy than the one held: keep the newer.
      if (have !== undefined && (read?.version ?? 0) < have.version) continue;
      for (const id of have?.ids ?? []) this.entries.delete(id);
      const entries = read?.row.entries ?? new Map<string, CatalogEntry>();
      for (const [id, entry] of entries) this.entries.set(id, entry);
      this.loaded.set(shard, { version: read?.version ?? 0, ids: [...entries.keys()] });
    }
  }

  get(itemId: string): CatalogEntry | undefined {
    return this.entries.get(itemId);
  }

  /** This process wrote the catalog: the next round trip reads the head again. */
  headChanged(): void {
    this.writes++;
    this.headReadAt = Number.NEGATIVE_INFINITY;
  }
}
