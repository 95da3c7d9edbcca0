import { type Principal, resolveCustomer } from "../auth/principal.js";
import type { ProfileStore } from "../data/profile-store.js";
import { holdsData } from "../domain/profile.js";
import { profileView } from "../domain/profile-view.js";
import { NotFound } from "../errors.js";
import type { ProfileResponse } from "../schemas/profile.js";

export interface GetProfileDeps {
  profiles: ProfileStore;
  halfLifeMs: number;
  now: () => number;
}

/** The customer's profile in plain terms: an export of everything kept about them. */
export async function getProfile(
  principal: Principal,
  pathCustomerId: string,
  deps: GetProfileDeps,
): Promise<ProfileResponse> {
  const customerId = resolveCustomer(principal, pathCustomerId);
  const stored = await deps.profiles.loadProfile(customerId);
  if (!stored || !holdsData(stored.state)) throw new NotFound("No profile is kept for this customer.");
  return profileView(stored.state, stored.updatedAt, deps.now(), deps.halfLifeMs);
}
