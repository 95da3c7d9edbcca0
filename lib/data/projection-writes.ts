import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mapWithConcurrency } from "../concurrency.js";
import { Conflict, DependencyUnavailable } from "../errors.js";
import { batchGet } from "./batch.js";
import {
  CATALOG_SHARDS,
  type CatalogEntry,
  catalogEntryOf,
  MAX_SHARD_BYTES,
  SHARD_READ_CHUNK,
  shardOf,
} from "./catalog-projection.js";
import { mergeRows } from "./merge-rows.js";
import { projectionHeadRow } from "./rows/projection-head.js";
import { type ProjectionShard, projectionShardRow, shardJson } from "./rows/projection-shard.js";
import { putVersioned } from "./versioned-put.js";

const HEAD_WRITES_IN_FLIGHT = 16;

/**
 * Changes to the projection: entries to set (upserted items), ids to remove (deleted items), and entries
 * to add only where the shard has none for that id (a backfill: an entry there is newer than a Scan).
 */
export interface ProjectionChange {
  put?: readonly CatalogEntry[];
  remove?: readonly string[];
  addMissing?: readonly CatalogEntry[];
}

interface ShardChange {
  put: CatalogEntry[];
  remove: string[];
  addMissing: CatalogEntry[];
}

function grouped(change: ProjectionChange): Map<number, ShardChange> {
  const byShard = new Map<number, ShardChange>();
  const group = (id: string) => {
    const shard = shardOf(id);
    const known = byShard.get(shard);
    if (known) return known;
    const fresh: ShardChange = { put: [], remove: [], addMissing: [] };
    byShard.set(shard, fresh);
    return fresh;
  };
  for (const entry of change.put ?? []) group(entry.itemId).put.push(catalogEntryOf(entry));
  for (const id of change.remove ?? []) group(id).remove.push(id);
  for (const entry of change.addMissing ?? []) group(entry.itemId).addMissing.push(catalogEntryOf(entry));
  return byShard;
}

function applied(shard: ProjectionShard, change: ShardChange): ProjectionShard {
  const entries = new Map(shard.entries);
  for (const id of change.remove) entries.delete(id);
  for (const entry of change.put) entries.set(entry.itemId, entry);
  for (const entry of change.addMissing) if (!entries.has(entry.itemId)) entries.set(entry.itemId, entry);
  return { shard: shard.shard, entries };
}

const FULL_MESSAGE = `The catalog is full: what lists read of these items does not fit beside the items already there (at most ${MAX_SHARD_BYTES / 1024} KB for each 1/256th of the catalog, by item id). Remove items, or shorten their tags, categories and regions.`;

/** A pending projection write, checked against the bound before anything of the request is written. */
export interface PreparedProjection {
  /** Writes the shards that change, then moves the head to each shard's version. */
  commit(): Promise<void>;
}

/**
 * Reads the shards `change` touches and checks the result against MAX_SHARD_BYTES (UTF-8 bytes, as
 * DynamoDB counts them): Conflict, with nothing written, if a shard would pass it. `commit` then writes
 * each shard that changes (a versioned read-modify-write, re-checked against the bound on every retry)
 * and moves the head to every touched shard's version where the head is behind — also for a shard this
 * call did not change, so a retry after a failure between shard and head completes the earlier write.
 * DependencyUnavailable if a shard stays contended (retrying is safe).
 */
export async function prepareProjection(
  db: DynamoDBDocumentClient,
  tableName: string,
  change: ProjectionChange,
): Promise<PreparedProjection> {
  const changes = grouped(change);
  const load = async (ids: readonly string[]) => {
    const rows = await batchGet(
      db,
      tableName,
      ids.map((id) => projectionShardRow.key(Number(id))),
      { chunkSize: SHARD_READ_CHUNK },
    );
    return new Map(rows.map(projectionShardRow.fromItem).map((read) => [String(read.row.shard), read]));
  };
  const [loaded, headRows] = await Promise.all([
    load([...changes.keys()].map(String)),
    changes.size > 0 ? batchGet(db, tableName, [projectionHeadRow.key()]) : [],
  ]);
  const head = projectionHeadRow.versionsFromItem(headRows[0], CATALOG_SHARDS);
  /** Shard → the version the head should name once this change is in. */
  const target = new Map<number, number>();
  for (const [shard, shardChange] of changes) {
    const stored = loaded.get(String(shard));
    const current = stored?.row ?? { shard, entries: new Map() };
    const after = shardJson(applied(current, shardChange));
    // A retried upsert or a delete of an absent item writes no shard, but still completes the head.
    if (after === shardJson(current)) {
      changes.delete(shard);
      if (stored) target.set(shard, stored.version);
    } else if (Buffer.byteLength(after) > MAX_SHARD_BYTES) throw new Conflict(FULL_MESSAGE);
  }
  return {
    commit: async () => {
      let full = false;
      const failed = await mergeRows<ProjectionShard>(
        [...changes.keys()].map(String),
        {
          load,
          save: async (row, version) => {
            // Another writer may have filled the shard since the check above.
            if (Buffer.byteLength(shardJson(row)) > MAX_SHARD_BYTES) {
              full = true;
              throw new Error("shard full");
            }
            await putVersioned(db, tableName, projectionShardRow.toItem(row, version + 1), version);
            target.set(row.shard, version + 1);
          },
        },
        (id) => ({ shard: Number(id), entries: new Map() }),
        (current) => applied(current, changes.get(current.shard) ?? { put: [], remove: [], addMissing: [] }),
        loaded,
      );
      const behind = [...target].filter(([shard, version]) => (head.get(shard) ?? 0) < version);
      await mapWithConcurrency(behind, HEAD_WRITES_IN_FLIGHT, ([shard, version]) =>
        moveHead(db, tableName, shard, version),
      );
      if (full) throw new Conflict(FULL_MESSAGE);
      if (failed > 0) throw new DependencyUnavailable("The catalog is busy; retry the request.");
    },
  };
}

/** prepareProjection and its commit at once. */
export async function writeProjection(
  db: DynamoDBDocumentClient,
  tableName: string,
  change: ProjectionChange,
): Promise<void> {
  await (await prepareProjection(db, tableName, change)).commit();
}

/** Sets the head's version of a shard, never back (a slower writer of an older version loses). */
async function moveHead(db: DynamoDBDocumentClient, tableName: string, shard: number, version: number) {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: projectionHeadRow.key(),
        UpdateExpression: "SET #s = :v",
        ConditionExpression: "attribute_not_exists(#s) OR #s < :v",
        ExpressionAttributeNames: { "#s": projectionHeadRow.shardAttribute(shard) },
        ExpressionAttributeValues: { ":v": version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
