/** Where in the input file a run may resume: after `line`, at byte `offset`. */
export interface InputPosition {
  line: number;
  offset: number;
}

/**
 * The position up to which every row is done, when batches finish out of order: a batch is opened with
 * the position after its last row, and the watermark moves only over batches that are all finished, so a
 * checkpoint never claims a row whose batch is still in flight (or failed).
 */
export class Watermark {
  private readonly open: { id: number; end: InputPosition; done: boolean }[] = [];
  private nextId = 0;

  constructor(private position: InputPosition) {}

  /** The position everything before is done. */
  get current(): InputPosition {
    return this.position;
  }

  /** Registers a batch ending at `end` (in file order); returns its id for `finish`. */
  openBatch(end: InputPosition): number {
    const id = this.nextId++;
    this.open.push({ id, end, done: false });
    return id;
  }

  /** Marks a batch done; returns the new watermark if it moved. */
  finish(id: number): InputPosition | undefined {
    const batch = this.open.find((b) => b.id === id);
    if (batch) batch.done = true;
    let moved = false;
    while (this.open[0]?.done) {
      this.position = (this.open.shift() as { end: InputPosition }).end;
      moved = true;
    }
    return moved ? this.position : undefined;
  }
}
