import type { Item } from "../schemas/item.js";

/**
 * Catalog entries a serving process has read lately, so lists need not read the same popular items on every
 * request. The staleness bound: an entry is used for at most `ttlMs` after it was read from the table, so a
 * change made elsewhere (another Lambda container, a withdrawn or deleted item) shows in every list within
 * `ttlMs`; a change made through this process's own catalog store is seen at once (it forgets those ids).
 * Absent items are remembered too (a list asks again for deleted neighbours). Bounded at `maxEntries`: the
 * entries read longest ago go first.
 */
export class CatalogCache {
  private readonly entries = new Map<string, { item: Item | null; readAt: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entry as read within the bound: the item, `null` when it was absent, `undefined` when unknown or stale. */
  get(itemId: string): Item | null | undefined {
    const entry = this.entries.get(itemId);
    if (!entry) return undefined;
    if (this.now() - entry.readAt >= this.ttlMs) {
      this.entries.delete(itemId);
      return undefined;
    }
    return entry.item;
  }

  /** Remembers what the table said of an item just now (`null`: no such item). */
  set(itemId: string, item: Item | null): void {
    if (this.ttlMs <= 0) return;
    // Re-inserting moves the id to the end of the Map's order: the oldest reads stay at the front.
    this.entries.delete(itemId);
    this.entries.set(itemId, { item, readAt: this.now() });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Forgets items this process just wrote or deleted, so its own lists see the change at once. */
  forget(itemIds: Iterable<string>): void {
    for (const id of itemIds) this.entries.delete(id);
  }
}
