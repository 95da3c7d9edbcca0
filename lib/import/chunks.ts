/** The contract's limits on one request: 500 entries, and (for events) a body of at most 1 MiB. */
export const REQUEST_LIMITS = { entries: 500, bodyBytes: 1_048_576 } as const;

/** A request's worth of entries, each kept with whatever the caller needs to account for it. */
export interface Chunk<T> {
  entries: T[];
  /** The JSON texts of the entries, in order: the body is `{"<key>":[` + joined + `]}`. */
  texts: string[];
  bytes: number;
}

/**
 * Packs JSON texts into chunks that respect REQUEST_LIMITS: `add` returns a full chunk when the next entry
 * would not fit, `flush` the rest. `envelopeBytes` is the body's fixed part (`{"events":[]}`). An entry
 * too large for any request is refused by `fits`.
 */
export class ChunkPacker<T> {
  private current: Chunk<T> = { entries: [], texts: [], bytes: 0 };

  constructor(
    private readonly envelopeBytes: number,
    private readonly limits: { entries: number; bodyBytes: number } = REQUEST_LIMITS,
  ) {}

  /** Whether a text of this size fits in a request on its own. */
  fits(text: string): boolean {
    return this.envelopeBytes + Buffer.byteLength(text) <= this.limits.bodyBytes;
  }

  add(entry: T, text: string): Chunk<T> | undefined {
    const size = Buffer.byteLength(text) + 1; // and its comma
    const full =
      this.current.entries.length >= this.limits.entries ||
      this.envelopeBytes + this.current.bytes + size > this.limits.bodyBytes;
    const done = full && this.current.entries.length > 0 ? this.flush() : undefined;
    this.current.entries.push(entry);
    this.current.texts.push(text);
    this.current.bytes += size;
    return done;
  }

  /** The chunk being filled, if it holds anything; the packer starts a new one. */
  flush(): Chunk<T> | undefined {
    const chunk = this.current;
    this.current = { entries: [], texts: [], bytes: 0 };
    return chunk.entries.length > 0 ? chunk : undefined;
  }
}

/** The request body of a chunk, without parsing its texts again. */
export const chunkBody = (key: string, chunk: Chunk<unknown>) => `{"${key}":[${chunk.texts.join(",")}]}`;
