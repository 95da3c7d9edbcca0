import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { InputPosition } from "../../lib/import/watermark.js";

/**
 * What a checkpoint file holds: how far into one input file the import into one target is done, and a
 * fingerprint of every byte of the file before that point, so a run never resumes into a different or
 * rewritten file. A file that only grew (rows appended) still matches: its new rows are imported by the
 * next run.
 */
export interface Checkpoint extends InputPosition {
  version: 2;
  kind: "events" | "items";
  input: string;
  target: string;
  /** SHA-256 (hex) of the file's bytes before `offset`, all of them. */
  prefix: string;
  updatedAt: string;
}

/**
 * SHA-256 of a file's first `offset` bytes, kept up to date as the offset grows: each byte is read once
 * (checking a checkpoint reads the imported part once; each later checkpoint only hashes the bytes since
 * the one before), so a run reads the file about twice, whatever its size and however many checkpoints.
 */
export class PrefixFingerprint {
  private hash: Hash = createHash("sha256");
  private hashed = 0;

  constructor(private readonly input: string) {}

  async at(offset: number): Promise<string> {
    if (offset < this.hashed) {
      this.hash = createHash("sha256");
      this.hashed = 0;
    }
    if (offset > this.hashed) {
      for await (const chunk of createReadStream(this.input, { start: this.hashed, end: offset - 1 })) {
        this.hash.update(chunk as Buffer);
        this.hashed += (chunk as Buffer).length;
      }
      if (this.hashed !== offset) throw new Error(`${this.input} has fewer than ${offset} bytes`);
    }
    return this.hash.copy().digest("hex");
  }
}

/** The checkpoint at `path`, or undefined when there is none (a first run). */
export async function loadCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = JSON.parse(await readFile(path, "utf8")) as Checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(
      `the checkpoint ${path} cannot be read (${(error as Error).message}); delete it to start over`,
    );
  }
  if (checkpoint.version !== 2) {
    throw new Error(
      `the checkpoint ${path} was written by an earlier version of the importer; run with --from-start (rows already imported are recognised by their event ids)`,
    );
  }
  return checkpoint;
}

/** Writes the checkpoint atomically (a crash leaves the old one or the new one, never half of one). */
export async function saveCheckpoint(
  path: string,
  base: Pick<Checkpoint, "kind" | "input" | "target">,
  position: InputPosition,
  fingerprint: PrefixFingerprint,
): Promise<void> {
  const checkpoint: Checkpoint = {
    version: 2,
    ...base,
    ...position,
    prefix: await fingerprint.at(position.offset),
    updatedAt: new Date().toISOString(),
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(checkpoint, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** Whether the file still holds, up to the checkpoint's offset, every byte the checkpoint was taken on. */
export async function stillMatches(
  checkpoint: Checkpoint,
  input: string,
  fingerprint: PrefixFingerprint,
): Promise<boolean> {
  if ((await stat(input)).size < checkpoint.offset) return false;
  return (await fingerprint.at(checkpoint.offset)) === checkpoint.prefix;
}
