import type { FieldIssue } from "../errors.js";

/** One row that was not imported, by its line in the input file, with each failing field. */
export interface RejectedRow {
  line: number;
  errors: FieldIssue[];
}

/** How many rejected rows a report lists one by one; the rest are counted (a report must stay small). */
export const LISTED_REJECTIONS = 100;

/** What a run did, for the final summary and for tests. Counts are rows (lines that hold one). */
export class ImportReport {
  imported = 0;
  /** Rows before the checkpoint a run resumed from: imported by an earlier run. */
  skipped = 0;
  rejectedCount = 0;
  readonly rejected: RejectedRow[] = [];

  reject(line: number, errors: FieldIssue[]): void {
    this.rejectedCount++;
    if (this.rejected.length < LISTED_REJECTIONS) this.rejected.push({ line, errors });
  }

  /** Plain-text summary: counts, then each listed rejection as `line N: field: message`. */
  format(noun: string): string {
    const lines = [
      `${this.imported} ${noun} imported, ${this.rejectedCount} rejected, ${this.skipped} skipped (imported by an earlier run)`,
    ];
    for (const row of [...this.rejected].sort((a, b) => a.line - b.line)) {
      for (const e of row.errors) lines.push(`  line ${row.line}: ${e.path}: ${e.message}`);
    }
    const unlisted = this.rejectedCount - this.rejected.length;
    if (unlisted > 0) lines.push(`  … and ${unlisted} more rejected rows`);
    return lines.join("\n");
  }
}
