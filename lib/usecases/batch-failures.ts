/** Where in the consumer a failure happened: what an operator looks at first. */
export type FailureStage =
  | "quarantine"
  | "shared-reads"
  | "dedupe-lookup"
  | "dedupe-write"
  | "profile-write"
  | "profile-reread"
  | "merge-cleanup"
  | "merge-source"
  | "experiment-facts";

/** A failure, by stage and error name only: never a message (it may quote personal data). */
export interface BatchFailure {
  stage: FailureStage;
  errorName: string;
  /** Records (or customers) it held back. */
  count: number;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/** Failures of one batch, and the earliest record each held back. */
export class Failures {
  readonly positions: number[] = [];
  private readonly byKind = new Map<string, BatchFailure>();

  add(position: number, stage: FailureStage, error: unknown): void {
    this.positions.push(position);
    const name = errorName(error);
    const key = `${stage}/${name}`;
    const known = this.byKind.get(key);
    if (known) known.count++;
    else this.byKind.set(key, { stage, errorName: name, count: 1 });
  }

  list(): BatchFailure[] {
    return [...this.byKind.values()];
  }
}
