import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mapWithConcurrency } from "../concurrency.js";
import { Conflict, DependencyUnavailable } from "../errors.js";
import { batchGet } from "./batch.js";
import {
  type CatalogEntry,
  catalogEntryOf,
  headAttribute,
  MAX_SHARD_BYTES,
  type ProjectionShard,
  shardFromRow,
  shardOf,
  shardToRow,
} from "./catalog-projection.js";
import { keys } from "./keys.js";
import { mergeRows } from "./merge-rows.js";
import { putVersioned } from "./versioned-put.js";

const HEAD_WRITES_IN_FLIGHT = 16;

/** Changes to the projection: entries to set (upserted items) and ids to remove (deleted items). */
export interface ProjectionChange {
  put?: readonly CatalogEntry[];
  remove?: readonly string[];
}

function grouped(change: ProjectionChange): Map<number, { put: CatalogEntry[]; remove: string[] }> {
  const byShard = new Map<number, { put: CatalogEntry[]; remove: string[] }>();
  const group = (id: string) => {
    const shard = shardOf(id);
    const known = byShard.get(shard);
    if (known) return known;
    const fresh = { put: [] as CatalogEntry[], remove: [] as string[] };
    byShard.set(shard, fresh);
    return fresh;
  };
  for (const entry of change.put ?? []) group(entry.itemId).put.push(catalogEntryOf(entry));
  for (const id of change.remove ?? []) group(id).remove.push(id);
  return byShard;
}

function applied(shard: ProjectionShard, change: { put: CatalogEntry[]; remove: string[] }): ProjectionShard {
  const entries = new Map(shard.entries);
  for (const id of change.remove) entries.delete(id);
  for (const entry of change.put) entries.set(entry.itemId, entry);
  return { shard: shard.shard, entries };
}

/**
 * Writes catalog changes into the projection's shards (a versioned read-modify-write per shard touched),
 * then moves the head to each shard's new version, so serving processes re-read exactly those shards.
 * Conflict (nothing written) if a shard would pass MAX_SHARD_BYTES; DependencyUnavailable if a shard stays
 * contended (retrying is safe: setting an entry twice changes nothing). A failure between a shard and the
 * head leaves the head behind until that shard's next write, which is what a retry of the request does.
 */
export async function writeProjection(
  db: DynamoDBDocumentClient,
  tableName: string,
  change: ProjectionChange,
): Promise<void> {
  const changes = grouped(change);
  const load = async (ids: readonly string[]) => {
    const rows = await batchGet(
      db,
      tableName,
      ids.map((id) => keys.catalogShard(Number(id))),
    );
    return new Map(rows.map((row) => [String(row.shard), shardFromRow(row)]));
  };
  const loaded = await load([...changes.keys()].map(String));
  for (const [shard, shardChange] of changes) {
    const current = loaded.get(String(shard))?.row ?? { shard, entries: new Map() };
    const before = String(shardToRow(current, 0).entries);
    const after = String(shardToRow(applied(current, shardChange), 0).entries);
    // A retried upsert or a delete of an absent item writes nothing.
    if (after === before) changes.delete(shard);
    else if (after.length > MAX_SHARD_BYTES)
      throw new Conflict(
        `The catalog is full: its projection row ${shard} would hold ${after.length} bytes (at most ${MAX_SHARD_BYTES}). Remove items or shorten their categories and tags.`,
      );
  }
  const ids = [...changes.keys()].map(String);
  if (ids.length === 0) return;
  const written = new Map<number, number>();
  const failed = await mergeRows<ProjectionShard>(
    ids,
    {
      load,
      save: async (row, version) => {
        await putVersioned(db, tableName, shardToRow(row, version + 1), version);
        written.set(row.shard, version + 1);
      },
    },
    (id) => ({ shard: Number(id), entries: new Map() }),
    (current) => applied(current, changes.get(current.shard) ?? { put: [], remove: [] }),
    loaded,
  );
  await mapWithConcurrency([...written], HEAD_WRITES_IN_FLIGHT, ([shard, version]) =>
    moveHead(db, tableName, shard, version),
  );
  if (failed > 0) throw new DependencyUnavailable("The catalog is busy; retry the request.");
}

/** Sets the head's version of a shard, never back (a slower writer of an older version loses). */
async function moveHead(db: DynamoDBDocumentClient, tableName: string, shard: number, version: number) {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.catalogHead(),
        UpdateExpression: "SET #s = :v",
        ConditionExpression: "attribute_not_exists(#s) OR #s < :v",
        ExpressionAttributeNames: { "#s": headAttribute(shard) },
        ExpressionAttributeValues: { ":v": version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
