import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { InputPosition } from "../../lib/import/watermark.js";

/**
 * What a checkpoint file holds: how far into one input file the import into one target is done, and
 * fingerprints of the file around that point, so a run never resumes into a different or rewritten file.
 * A file that only grew (rows appended) still matches: its new rows are imported by the next run.
 */
export interface Checkpoint extends InputPosition {
  version: 1;
  kind: "events" | "items";
  input: string;
  target: string;
  /** SHA-256 (hex) of the file's first FINGERPRINT_BYTES bytes before `offset`. */
  head: string;
  /** SHA-256 (hex) of the FINGERPRINT_BYTES bytes just before `offset`. */
  edge: string;
  updatedAt: string;
}

const FINGERPRINT_BYTES = 65_536;

/** The checkpoint at `path`, or undefined when there is none (a first run). */
export async function loadCheckpoint(path: string): Promise<Checkpoint | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(
      `the checkpoint ${path} cannot be read (${(error as Error).message}); delete it to start over`,
    );
  }
}

/** Writes the checkpoint atomically (a crash leaves the old one or the new one, never half of one). */
export async function saveCheckpoint(
  path: string,
  base: Pick<Checkpoint, "kind" | "input" | "target">,
  position: InputPosition,
): Promise<void> {
  const checkpoint: Checkpoint = {
    version: 1,
    ...base,
    ...position,
    ...(await fingerprints(base.input, position.offset)),
    updatedAt: new Date().toISOString(),
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(checkpoint, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** Whether the file still holds, up to the checkpoint's offset, the bytes the checkpoint was taken on. */
export async function stillMatches(checkpoint: Checkpoint, input: string): Promise<boolean> {
  if ((await stat(input)).size < checkpoint.offset) return false;
  const now = await fingerprints(input, checkpoint.offset);
  return now.head === checkpoint.head && now.edge === checkpoint.edge;
}

async function fingerprints(input: string, offset: number): Promise<{ head: string; edge: string }> {
  const file = await open(input, "r");
  try {
    const read = async (from: number, to: number) => {
      const buffer = Buffer.alloc(Math.max(0, to - from));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, from);
      return createHash("sha256").update(buffer.subarray(0, bytesRead)).digest("hex");
    };
    return {
      head: await read(0, Math.min(offset, FINGERPRINT_BYTES)),
      edge: await read(Math.max(0, offset - FINGERPRINT_BYTES), offset),
    };
  } finally {
    await file.close();
  }
}
