/** Exponential backoff with full jitter, as AWS recommends for retrying throttled or unprocessed work. */
export async function backoff(attempt: number, baseMs = 25, capMs = 1_000): Promise<void> {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
