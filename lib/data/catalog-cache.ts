import type { Item } from "../schemas/item.js";

/** Bytes an entry is taken to hold beyond its JSON (the Map entry, the key, the object headers). */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Catalog entries a serving process has read lately, so lists need not read the same popular items on every
 * request. The staleness bound: an entry is used for at most `ttlMs` after it was read from the table, so a
 * change made elsewhere (another Lambda container, a withdrawn or deleted item) shows in every list within
 * `ttlMs`; a change made through this process's own catalog store is seen at once (it forgets those ids, and
 * a read that was in flight meanwhile keeps nothing). Absent items are remembered too (a list asks again for
 * deleted neighbours). Bounded at `maxBytes` (entries counted by their JSON size): the entries read longest
 * ago go first. The same class holds the relation rows lists use to choose extra candidates (`T` a
 * neighbourhood), under the same bound.
 */
export class CatalogCache<T extends object = Item> {
  private readonly entries = new Map<string, { item: T | null; readAt: number; bytes: number }>();
  private bytes = 0;
  /** Moves on at every forget: a read that began before it keeps nothing it read. */
  private generation = 0;

  constructor(
    readonly ttlMs: number,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entry as read within the bound: the item, `null` when it was absent, `undefined` when unknown or stale. */
  get(itemId: string): T | null | undefined {
    const entry = this.entries.get(itemId);
    if (!entry) return undefined;
    if (this.now() - entry.readAt >= this.ttlMs) {
      this.drop(itemId);
      return undefined;
    }
    return entry.item;
  }

  /** Taken before a read from the table and given back to `set`: see `forget`. */
  mark(): number {
    return this.generation;
  }

  /**
   * Remembers what the table said of an item (`null`: no such item), read since `mark` was taken; kept only
   * if no write of this process's catalog came in between (it might be older than that write).
   */
  set(itemId: string, item: T | null, mark: number): void {
    if (this.ttlMs <= 0 || mark !== this.generation) return;
    this.drop(itemId);
    const bytes = ENTRY_OVERHEAD_BYTES + (item ? 2 * JSON.stringify(item).length : 0);
    // Re-inserting puts the id at the end of the Map's order: the oldest reads stay at the front.
    this.entries.set(itemId, { item, readAt: this.now(), bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** Forgets items this process writes or deletes, so its own lists see the change at once. */
  forget(itemIds: Iterable<string>): void {
    this.generation++;
    for (const id of itemIds) this.drop(id);
  }

  private drop(itemId: string): void {
    const entry = this.entries.get(itemId);
    if (!entry) return;
    this.entries.delete(itemId);
    this.bytes -= entry.bytes;
  }
}
