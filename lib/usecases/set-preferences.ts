import { type Principal, resolveCustomer } from "../auth/principal.js";
import type { ProfileStore } from "../data/profile-store.js";
import { withPreferences } from "../domain/preferences.js";
import type { Preferences } from "../schemas/preferences.js";
import { updateProfile } from "./update-profile.js";

export interface PreferencesDeps {
  profiles: ProfileStore;
  now: () => number;
}

/**
 * The customer's own decisions, in force from now: personalization on or off, blocked categories,
 * location consent (withdrawing it forgets the last location at once), contact channels.
 */
export async function setPreferences(
  principal: Principal,
  pathCustomerId: string,
  preferences: Preferences,
  deps: PreferencesDeps,
): Promise<Preferences> {
  const customerId = resolveCustomer(principal, pathCustomerId);
  const now = deps.now();
  await updateProfile(
    deps.profiles,
    customerId,
    (current) => ({ state: withPreferences(current.state, preferences, now), log: current.log }),
    now,
  );
  return preferences;
}
