/** Bytes an entry is taken to hold beyond its JSON (the Map entry, the key, the object headers). */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Rows a serving process has read lately (an item's also-viewed row), for what may lag the table by a
 * bounded time: an entry is used for at most `ttlMs` after it was read. Bounded at `maxBytes` (entries
 * counted by their JSON size): the entries read longest ago go first. `ttlMs` 0 keeps nothing.
 */
export class RowCache<T extends object> {
  private readonly entries = new Map<string, { row: T; readAt: number; bytes: number }>();
  private bytes = 0;

  constructor(
    readonly ttlMs: number,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly now: () => number = Date.now,
  ) {}

  /** The row as read within the bound, or `undefined` when unknown or stale. */
  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.readAt >= this.ttlMs) {
      this.drop(id);
      return undefined;
    }
    return entry.row;
  }

  /** Remembers a row just read from the table. */
  set(id: string, row: T): void {
    if (this.ttlMs <= 0) return;
    this.drop(id);
    const bytes = ENTRY_OVERHEAD_BYTES + 2 * JSON.stringify(row).length;
    // Re-inserting puts the id at the end of the Map's order: the oldest reads stay at the front.
    this.entries.set(id, { row, readAt: this.now(), bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }
}
