import { createReadStream } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { parse } from "csv-parse";
import type { FieldIssue } from "../../lib/errors.js";

/** One row of the input file: its cells (or JSON value), or why it could not be read. */
export interface SourceRow {
  /** 1-based line the row ends on (a CSV row with a quoted line break spans several). */
  line: number;
  /** Byte offset just after the row: where a run resumes once it is done. */
  end: number;
  value?: unknown;
  errors?: FieldIssue[];
  /**
   * The file's last row, ending without a line break: it may still be being written (a growing file), so a
   * run must not resume after it. Importing it is harmless; its derived event id dedupes it next time.
   */
  unterminated?: true;
}

export type InputFormat = "csv" | "jsonl";

/** Where reading starts: a byte offset at a row boundary, and the line that ended just before it. */
export interface StartAt {
  offset: number;
  line: number;
}

/**
 * Rows of a CSV file with a header, streamed from `start` (any size: only the parser's buffers are held).
 * Cells are keyed by the header's column names; a row whose cell count differs from the header's is an
 * error row, not the end of the import. A malformed file (an unclosed quote) throws, naming the line.
 */
export async function* csvRows(
  path: string,
  header: readonly string[],
  start: StartAt,
): AsyncGenerator<SourceRow> {
  const tap = new NewlineTap(start.offset);
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, info: true });
  const input = createReadStream(path, { start: start.offset });
  input.on("error", (error) => parser.destroy(error));
  input.pipe(tap).pipe(parser);
  const lines = new LineCounter(tap, start.line);
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { bytes: number };
  }>) {
    const end = start.offset + info.bytes;
    const { line, terminated } = lines.rowEndingAt(end);
    const open = terminated ? {} : { unterminated: true as const };
    if (record.length !== header.length) {
      yield {
        line,
        end,
        errors: [{ path: "(row)", message: `has ${record.length} cells; the header has ${header.length}` }],
        ...open,
      };
      continue;
    }
    yield {
      line,
      end,
      value: Object.fromEntries(header.map((column, i) => [column, record[i] ?? ""])),
      ...open,
    };
  }
}

/** The header row of a CSV file (a byte-order mark is dropped) and the offset just after it. */
export async function readCsvHeader(path: string): Promise<{ columns: string[]; end: number }> {
  const parser = createReadStream(path).pipe(parse({ bom: true, to: 1, info: true, skip_empty_lines: true }));
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { bytes: number };
  }>) {
    parser.destroy();
    // csv-parse counts the byte-order mark among the bytes it read.
    return { columns: record.map((c) => c.trim()), end: info.bytes };
  }
  throw new Error("the file is empty: a CSV needs a header row");
}

/**
 * Lines of a JSON Lines file from `start`, each parsed; blank lines are skipped, a line that is not JSON is
 * an error row. Only the current line is held.
 */
export async function* jsonLines(path: string, start: StartAt): AsyncGenerator<SourceRow> {
  let line = start.line;
  let offset = start.offset;
  let pending: Buffer[] = [];
  const emit = (bytes: Buffer, end: number, terminated = true): SourceRow | undefined => {
    line++;
    const text = bytes.toString("utf8").trim();
    if (text === "") return undefined;
    const open = terminated ? {} : { unterminated: true as const };
    try {
      return { line, end, value: JSON.parse(text), ...open };
    } catch {
      return { line, end, errors: [{ path: "(row)", message: "is not valid JSON" }], ...open };
    }
  };
  for await (const chunk of createReadStream(path, { start: start.offset })) {
    const buffer = chunk as Buffer;
    let from = 0;
    for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, from)) {
      const bytes = Buffer.concat([...pending, buffer.subarray(from, at)]);
      pending = [];
      offset += at + 1 - from;
      from = at + 1;
      const row = emit(bytes, offset);
      if (row) yield row;
    }
    if (from < buffer.length) {
      pending.push(buffer.subarray(from));
      offset += buffer.length - from;
    }
  }
  const last = pending.length > 0 ? emit(Buffer.concat(pending), offset, false) : undefined;
  if (last) yield last;
}

/** Remembers where line breaks are in the bytes passing through, until the parser has gone past them. */
class NewlineTap extends Transform {
  readonly offsets: number[] = [];

  constructor(private position: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) {
      this.offsets.push(this.position + at);
    }
    this.position += chunk.length;
    done(null, chunk);
  }
}

/**
 * Line numbers for CSV rows. csv-parse counts a CRLF file's lines one too many, so lines are counted from
 * the bytes instead: the line breaks before a row's end, plus one if the row does not end with a break.
 */
class LineCounter {
  private consumed = 0;

  constructor(
    private readonly tap: NewlineTap,
    private breaks: number,
  ) {}

  rowEndingAt(end: number): { line: number; terminated: boolean } {
    const { offsets } = this.tap;
    let last = -1;
    while (this.consumed < offsets.length && (offsets[this.consumed] as number) < end) {
      last = offsets[this.consumed] as number;
      this.consumed++;
      this.breaks++;
    }
    // Drop what has been counted now and then, so the list stays as short as the parser's buffers.
    if (this.consumed > 4096) {
      offsets.splice(0, this.consumed);
      this.consumed = 0;
    }
    const terminated = last === end - 1;
    return { line: terminated ? this.breaks : this.breaks + 1, terminated };
  }
}
