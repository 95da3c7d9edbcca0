import { stat } from "node:fs/promises";
import { type Chunk, ChunkPacker } from "../../lib/import/chunks.js";
import {
  checkEventHeader,
  eventFromCsvRow,
  type Prepared,
  prepareEvent,
} from "../../lib/import/event-rows.js";
import { ImportReport } from "../../lib/import/import-report.js";
import { checkItemHeader, itemFromCsvRow, prepareItem } from "../../lib/import/item-rows.js";
import { type InputPosition, Watermark } from "../../lib/import/watermark.js";
import { sendChunk } from "./api-sender.js";
import { loadCheckpoint, PrefixFingerprint, saveCheckpoint, stillMatches } from "./checkpoint-file.js";
import type { ImportTarget } from "./local-target.js";
import type { ProgressSink } from "./progress.js";
import { csvRows, type InputFormat, jsonLines, readCsvHeader, type SourceRow } from "./row-source.js";

export type ImportKind = "events" | "items";

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  format: InputFormat;
  target: ImportTarget;
  checkpointPath: string;
  /** Ignore the checkpoint and read from the first line (dedupe still holds within its window). */
  fromStart?: boolean;
  /** Stop after this many rows (a trial run; the next run resumes after them). */
  limit?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Stops reading; chunks in flight finish and the checkpoint is written. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  now?: () => number;
}

export interface ImportResult {
  report: ImportReport;
  /** How far the file is done now (the checkpoint's position). */
  position: InputPosition;
  /** Whether the end of the file was reached. */
  complete: boolean;
}

/** Local mode applies what is on the stream after this many rows: a reader never runs far ahead. */
const SETTLE_EVERY_ROWS = 5_000;

/**
 * Imports one CSV or JSON Lines file into a target: streamed (bounded memory, whatever the file's size),
 * validated row by row (a bad row is reported by line and field and skipped), sent in chunks within the
 * API's limits with at most `concurrency` requests in flight, and checkpointed after each chunk, so that a
 * run stopped anywhere resumes after the last row whose chunk was answered. Events without an `eventId`
 * get a deterministic one (importEventId): rows sent again after a crash are recognised by the consumer.
 * Throws (after writing the checkpoint) when the target refuses the import; the error says why.
 */
export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const { kind, file, format, target, checkpointPath } = options;
  const now = options.now ?? Date.now;
  const report = new ImportReport();
  const size = (await stat(file)).size;

  let header: string[] = [];
  let origin: InputPosition = { line: 0, offset: 0 };
  if (format === "csv") {
    const read = await readCsvHeader(file);
    const problem = kind === "events" ? checkEventHeader(read.columns) : checkItemHeader(read.columns);
    if (problem) throw new Error(`line 1 (header): ${problem}`);
    header = read.columns;
    origin = { line: 1, offset: read.end };
  }

  const base = { kind, input: file, target: target.name };
  const fingerprint = new PrefixFingerprint(file);
  const saved = options.fromStart ? undefined : await loadCheckpoint(checkpointPath);
  if (saved && !(await stillMatches(saved, file, fingerprint))) {
    throw new Error(
      `${file} is not the file the checkpoint ${checkpointPath} was taken on (it changed before line ${saved.line}). ` +
        "Run with --from-start to import it from the first line.",
    );
  }
  const start = saved && saved.offset > origin.offset ? { line: saved.line, offset: saved.offset } : origin;
  report.skipped = start.line - origin.line;

  const watermark = new Watermark(start);
  const packer = new ChunkPacker<number>(`{"${kind}":[]}`.length);
  const inFlight = new Set<Promise<void>>();
  const concurrency = options.concurrency ?? 4;
  let failure: unknown;
  let saving = Promise.resolve();
  options.progress?.start(size, start.offset);

  const prepare = (row: SourceRow): Prepared<unknown> => {
    if (row.errors) return { ok: false, errors: row.errors };
    if (format === "jsonl")
      return kind === "events" ? prepareEvent(row.value, now()) : prepareItem(row.value);
    const cells = row.value as Record<string, string>;
    return kind === "events"
      ? prepareEvent(eventFromCsvRow(cells), now())
      : prepareItem(itemFromCsvRow(cells));
  };

  const moved = (position: InputPosition) => {
    options.progress?.update(position.offset, position.line - start.line);
    // Written one after another, each with the newest position: a later write never loses to an earlier one.
    saving = saving.then(() => saveCheckpoint(checkpointPath, base, watermark.current, fingerprint));
  };

  const launch = async (chunk: Chunk<number>, end: InputPosition) => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) return;
    const id = watermark.openBatch(end);
    const sent = sendChunk(target, kind, chunk).then(
      (outcome) => {
        for (const r of outcome.rejected) report.reject(chunk.entries[r.index] as number, r.errors);
        report.imported += chunk.entries.length - outcome.rejected.length;
        const position = watermark.finish(id);
        if (position) moved(position);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const rows = format === "csv" ? csvRows(file, header, start) : jsonLines(file, start);
  let previous: InputPosition = start;
  let read = 0;
  let complete = true;
  let sinceSettle = 0;
  for await (const row of rows) {
    if (failure || options.signal?.aborted || (options.limit !== undefined && read >= options.limit)) {
      complete = false;
      break;
    }
    read++;
    const prepared = prepare(row);
    if (!prepared.ok) report.reject(row.line, prepared.errors);
    else {
      const text = JSON.stringify(prepared.value);
      if (!packer.fits(text)) {
        report.reject(row.line, [{ path: "(row)", message: "is larger than a request may be (1 MiB)" }]);
      } else {
        const full = packer.add(row.line, text);
        if (full) await launch(full, previous);
      }
    }
    // A last line without its line break may still be being written: the next run reads it again.
    if (!row.unterminated) previous = { line: row.line, offset: row.end };
    if (++sinceSettle >= SETTLE_EVERY_ROWS) {
      sinceSettle = 0;
      await Promise.all(inFlight);
      // A consumer giving up stops the reader: the checkpoint is still written for what was sent.
      await target.settle().catch((error: unknown) => {
        failure ??= error;
      });
    }
  }
  // Rows after the last chunk (rejected ones, or a final partial chunk) are done with it.
  const last = packer.flush();
  if (last && !failure) await launch(last, previous);
  else if (!failure) {
    const id = watermark.openBatch(previous);
    const position = watermark.finish(id);
    if (position) moved(position);
  }
  await Promise.all(inFlight);
  await saving;
  options.progress?.stop();
  if (failure) throw failure;
  return { report, position: watermark.current, complete };
}
