import { DEFAULT_PREFERENCES, type Preferences } from "../schemas/preferences.js";
import type { ProfileState } from "./profile-state.js";

/** The preferences in force: what the customer set, else the defaults. */
export const preferencesOf = (profile: ProfileState | undefined): Preferences =>
  profile?.preferences ?? DEFAULT_PREFERENCES;

/**
 * The profile after the customer sets their preferences at `now`: switching personalization off pauses
 * learning from events that happen from then on (and switching it on resumes it); withdrawing location
 * consent forgets the last location at once.
 */
export function withPreferences(profile: ProfileState, preferences: Preferences, now: number): ProfileState {
  const before = preferencesOf(profile);
  const next: ProfileState = { ...profile, preferences };
  if (before.personalization && !preferences.personalization) next.personalizationPausedAt = now;
  if (!before.personalization && preferences.personalization) next.personalizationResumedAt = now;
  if (!preferences.locationConsent) delete next.lastLocation;
  return next;
}

/** Whether any of these category paths is one of `roots` or below one ("shoes/running" is under "shoes"). */
export function underAny(categories: readonly string[] | undefined, roots: readonly string[]): boolean {
  if (roots.length === 0 || !categories) return false;
  return categories.some((path) => {
    const p = path.toLowerCase();
    return roots.some((root) => p === root || p.startsWith(`${root}/`));
  });
}

/** Whether the customer wants their lists shaped by what they did (the default). */
export const personalized = (profile: ProfileState | undefined): boolean =>
  preferencesOf(profile).personalization;

/** The profile lists may learn from: none when the customer switched personalization off. */
export const personalProfile = (profile: ProfileState | undefined): ProfileState | undefined =>
  profile && personalized(profile) ? profile : undefined;
