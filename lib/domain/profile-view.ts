import type { ProfileResponse } from "../schemas/profile.js";
import { affinityAt } from "./affinity.js";
import { itemCount } from "./item-filter.js";
import { preferencesOf } from "./preferences.js";
import type { ProfileState } from "./profile-state.js";
import { relatedNow } from "./related-pool.js";

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
    ...(state.seenEarlier ? { olderItemsSeen: itemCount(state.seenEarlier) } : {}),
    ...(state.boughtEarlier ? { olderPurchases: itemCount(state.boughtEarlier) } : {}),
    channels: Object.entries(state.channels).map(([channel, a]) => ({
      channel: channel as keyof typeof state.channels,
      events: a.events,
      lastAt: iso(a.lastAt),
    })),
    preferences: preferencesOf(state),
    ...(state.personalizationPausedAt === undefined
      ? {}
      : {
          personalizationPausedAt: iso(state.personalizationPausedAt),
          ...(state.personalizationResumedAt === undefined
            ? {}
            : { personalizationResumedAt: iso(state.personalizationResumedAt) }),
        }),
    ...(state.lastLocation
      ? { lastLocation: { geohash: state.lastLocation.geohash, at: iso(state.lastLocation.at) } }
      : {}),
    ...(state.country ? { country: { code: state.country.code, at: iso(state.country.at) } } : {}),
    relatedItems: relatedNow(state.related).map((r) => ({
      itemId: r.itemId,
      weight: Math.round(r.weight * 1000) / 1000,
    })),
    shownWithoutReaction: Object.entries(state.shown).map(([itemId, s]) => ({
      itemId,
      times: s.count,
      lastAt: iso(s.lastAt),
    })),
    mergedAnonymousIds: Object.keys(state.mergedFrom ?? {}),
    offers: {
      triggered: Object.entries(state.offers?.triggered ?? {}).map(([offerId, t]) => ({
        offerId,
        at: iso(t.at),
        until: iso(t.until),
      })),
      redeemed: Object.entries(state.offers?.redeemed ?? {}).map(([offerId, r]) => ({
        offerId,
        times: r.times,
      })),
    },
    messagesSent: Object.entries(state.messages?.sent ?? {}).map(([messageId, m]) => ({
      messageId,
      times: m.times,
      lastAt: iso(m.lastAt),
      channel: m.channel,
      ...(m.variantId === undefined ? {} : { variantId: m.variantId }),
    })),
    sendsByChannel: Object.entries(state.messages?.channels ?? {}).map(([channel, c]) => ({
      channel: channel as keyof NonNullable<typeof state.messages>["channels"],
      times: c.times,
      lastAt: iso(c.lastAt),
    })),
    latestEvents: Object.entries(state.latestByType ?? {}).map(([type, at]) => ({
      type: type as keyof NonNullable<typeof state.latestByType>,
      at: iso(at),
    })),
    eventCount: state.eventCount,
    updatedAt: iso(updatedAt),
  };
}
