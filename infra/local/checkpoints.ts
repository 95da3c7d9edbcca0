import { readFile, rename, writeFile } from "node:fs/promises";
import type { CheckpointStore } from "./stream-poller.js";

/** Keeps the poller's per-shard positions in a file, written atomically, so a restart resumes where it was. */
export function fileCheckpoints(path: string): CheckpointStore {
  return {
    async load() {
      try {
        return JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
      } catch {
        return {};
      }
    },
    async save(checkpoints) {
      await writeFile(`${path}.tmp`, JSON.stringify(checkpoints));
      await rename(`${path}.tmp`, path);
    },
  };
}

export function memoryCheckpoints(): CheckpointStore & { current: Record<string, string> } {
  const store = {
    current: {} as Record<string, string>,
    load: async () => ({ ...store.current }),
    save: async (c: Record<string, string>) => {
      store.current = { ...c };
    },
  };
  return store;
}
