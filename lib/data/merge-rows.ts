import { mapWithConcurrency } from "../concurrency.js";
import { retryOnVersionConflict } from "./retry.js";

export interface VersionedRows<T> {
  load(ids: readonly string[]): Promise<Map<string, { row: T; version: number }>>;
  /** VersionConflict if the row changed since `expectedVersion` (0: must not exist yet). */
  save(row: T, expectedVersion: number): Promise<void>;
}

const WRITE_CONCURRENCY = 16;
/** Consumers of several shards write the same popular rows: a conflict is normal, and retried. */
const CONFLICT_RETRIES = 8;

/**
 * Applies `merge` to each row once: all rows read in one batch, each written once, conditionally on the
 * version read; a conflict (another writer) re-reads that row and merges again after a jittered backoff,
 * up to CONFLICT_RETRIES times. Returns how
 * many rows could not be written; their increments are dropped, never applied twice.
 */
export async function mergeRows<T>(
  ids: readonly string[],
  rows: VersionedRows<T>,
  fresh: (id: string) => T,
  merge: (current: T) => T,
  /** The rows, when the caller has just read them (for a check of its own); otherwise they are read here. */
  loaded?: Map<string, { row: T; version: number }>,
): Promise<number> {
  if (ids.length === 0) return 0;
  let current: Map<string, { row: T; version: number }>;
  try {
    current = loaded ?? (await rows.load(ids));
  } catch {
    return ids.length;
  }
  const failed = await mapWithConcurrency(ids, WRITE_CONCURRENCY, async (id): Promise<boolean> => {
    let stored = current.get(id);
    let reread = false;
    try {
      await retryOnVersionConflict(CONFLICT_RETRIES + 1, async () => {
        // After a conflict, merge onto what the other writer left.
        if (reread) stored = (await rows.load([id])).get(id);
        reread = true;
        await rows.save(merge(stored?.row ?? fresh(id)), stored?.version ?? 0);
      });
      return false;
    } catch {
      return true;
    }
  });
  return failed.filter(Boolean).length;
}
