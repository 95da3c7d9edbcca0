import { type Principal, requireAdmin, resolveCustomer } from "../auth/principal.js";
import type { ProfileStore } from "../data/profile-store.js";
import type { AffinitySettings } from "../domain/affinity.js";
import { mergedProfile } from "../domain/merge-profiles.js";
import { emptyProfile, holdsData } from "../domain/profile.js";
import { Conflict, InvalidInput, NotFound } from "../errors.js";
import { updateProfile } from "./update-profile.js";

export interface MergeDeps {
  profiles: ProfileStore;
  affinity: AffinitySettings;
  now: () => number;
}

export interface MergeReceipt {
  customerId: string;
  previousId: string;
  mergedAt: string;
}

/**
 * Merges one known customer's profile into another's (admin): the fold an `identify` event applies to an
 * anonymous visitor — interests, history, purchases, offers and redemptions add up; `customerId`'s
 * preferences stand — then `previousId`'s profile is emptied (its applied-log kept, so replays of its own
 * events cannot count again). Sending it again after a success, or after a crash between the two writes,
 * finishes the job without counting twice: the merged version is remembered in the surviving profile.
 *
 * Errors: Forbidden without the admin scope; InvalidInput when both ids are the same; NotFound when
 * `previousId` has nothing to merge and was never merged into `customerId`.
 */
export async function mergeCustomers(
  principal: Principal,
  pathCustomerId: string,
  previousId: string,
  deps: MergeDeps,
): Promise<MergeReceipt> {
  requireAdmin(principal);
  const customerId = resolveCustomer(principal, pathCustomerId);
  if (previousId === customerId) {
    throw new InvalidInput([{ path: "previousId", message: "must differ from the customer in the path" }]);
  }
  const now = deps.now();
  const source = await deps.profiles.loadProfile(previousId);
  if (!source || !holdsData(source.state)) {
    const target = await deps.profiles.loadProfile(customerId);
    if (target?.state.mergedFrom?.[previousId] === undefined) {
      throw new NotFound(`Customer ${JSON.stringify(previousId)} has no profile to merge.`);
    }
    return receipt(customerId, previousId, now);
  }
  await updateProfile(
    deps.profiles,
    customerId,
    (current) => ({
      state:
        current.state.mergedFrom?.[previousId] === source.version
          ? current.state
          : mergedProfile(current.state, previousId, source, deps.affinity),
      log: current.log,
    }),
    now,
  );
  const emptied = {
    state: emptyProfile(previousId),
    log: source.log,
    version: source.version + 1,
    updatedAt: now,
  };
  try {
    await deps.profiles.saveProfile(emptied, source.version);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    // The source changed after it was read (its customer is still active): it keeps what it has. Stated
    // limit: merging it again later would count the part merged now a second time.
  }
  return receipt(customerId, previousId, now);
}

const receipt = (customerId: string, previousId: string, at: number): MergeReceipt => ({
  customerId,
  previousId,
  mergedAt: new Date(at).toISOString(),
});
