import { VersionConflict } from "./versioned-put.js";

/** Exponential backoff with full jitter, as AWS recommends for retrying throttled or unprocessed work. */
export async function backoff(attempt: number, baseMs = 25, capMs = 1_000): Promise<void> {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * Runs a read-modify-write (`run` reads, changes and writes conditionally) until no other writer came
 * first: a VersionConflict is retried from the read after a jittered backoff, at most `attempts` times in
 * all, then it propagates; any other error propagates at once.
 */
export async function retryOnVersionConflict<T>(attempts: number, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= attempts) throw error;
    }
    await backoff(attempt);
  }
}
