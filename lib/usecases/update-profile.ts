import type { ProfileStore, StoredProfile } from "../data/profile-store.js";
import { retryOnVersionConflict } from "../data/retry.js";
import { emptyAppliedLog } from "../domain/applied-log.js";
import { emptyProfile } from "../domain/profile.js";
import type { ProfileState } from "../domain/profile-state.js";

const ATTEMPTS = 4;

/**
 * Read-modify-write of one profile outside the stream (preferences, erasure): a versioned write that is
 * re-read and retried when the consumer (or anyone) wrote meanwhile, so neither side's change is lost.
 */
export async function updateProfile(
  store: ProfileStore,
  customerId: string,
  change: (current: StoredProfile) => Pick<StoredProfile, "state" | "log">,
  now: number,
): Promise<ProfileState> {
  return retryOnVersionConflict(ATTEMPTS, async () => {
    const stored = await store.loadProfile(customerId);
    const current = stored ?? {
      state: emptyProfile(customerId),
      log: emptyAppliedLog(),
      version: 0,
      updatedAt: now,
    };
    const next = { ...change(current), version: current.version + 1, updatedAt: now };
    await store.saveProfile(next, current.version);
    return next.state;
  });
}
