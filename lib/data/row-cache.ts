/** Bytes an entry is taken to hold beyond its JSON (the Map entry, the key, the object headers). */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Rows a serving process has read lately (an item's relation row, a trending row), for what may lag the
 * table by a bounded time: an entry is used for at most `ttlMs` after the read that brought it was sent,
 * and a row read earlier never replaces one read later (answers can arrive out of order). Bounded at
 * `maxBytes` (entries counted by their JSON size): the entries read longest ago go first. `ttlMs` 0 keeps
 * nothing.
 */
export class RowCache<T extends object> {
  private readonly entries = new Map<string, { row: T; readAt: number; bytes: number }>();
  private bytes = 0;
  /** Reads sent at or before this (a `stamp()`) may have missed a write this process made: never kept. */
  private forgotAt = Number.NEGATIVE_INFINITY;

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

  /** When a read about to be sent starts: give it back to `set` with what it brought. */
  stamp(): number {
    return this.now();
  }

  /** Remembers a row the table answered to a read sent at `readAt` (a `stamp()`). */
  set(id: string, row: T, readAt: number): void {
    if (this.ttlMs <= 0 || readAt <= this.forgotAt) return;
    const known = this.entries.get(id);
    // Sent in the same millisecond: either will do; the one kept first stays.
    if (known && known.readAt >= readAt) return;
    this.drop(id);
    const bytes = ENTRY_OVERHEAD_BYTES + 2 * JSON.stringify(row).length;
    // Re-inserting puts the id at the end of the Map's order: the oldest reads stay at the front.
    this.entries.set(id, { row, readAt, bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /**
   * Forgets every entry, and every read sent until now that has not answered yet: what this process just
   * wrote must show in its next read.
   */
  forgetAll(): void {
    this.entries.clear();
    this.bytes = 0;
    this.forgotAt = this.now();
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }
}
