import type { ProfileResponse } from "../schemas/profile.js";
import { affinityAt } from "./affinity.js";
import type { ProfileState } from "./profile.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** The profile in plain terms, with affinities decayed to `now`. */
export function profileView(
  state: ProfileState,
  updatedAt: number,
  now: number,
  halfLifeMs: number,
): ProfileResponse {
  return {
    customerId: state.customerId,
    affinities: affinityAt(state.affinity, now, halfLifeMs).map(({ feature, weight }) => ({
      feature,
      weight: Math.round(weight * 1000) / 1000,
    })),
    recentItems: state.recentItems.map((h) => ({ itemId: h.itemId, type: h.type, at: iso(h.at) })),
    purchases: state.purchases.map((p) => ({ itemId: p.itemId, at: iso(p.at) })),
    channels: Object.entries(state.channels).map(([channel, a]) => ({
      channel: channel as keyof typeof state.channels,
      events: a.events,
      lastAt: iso(a.lastAt),
    })),
    // Preferences cannot be changed yet; these are the defaults every customer starts with.
    preferences: { personalization: true, blockedCategories: [], locationConsent: false },
    eventCount: state.eventCount,
    updatedAt: iso(updatedAt),
  };
}
