import type { Channel, EventType, KindredEvent } from "../schemas/event.js";
import { type Affinity, type AffinitySettings, addSignal, emptyAffinity } from "./affinity.js";
import { eventWeight } from "./event-weights.js";

export interface HistoryEntry {
  itemId: string;
  type: EventType;
  /** Event time, epoch ms. */
  at: number;
}

export interface ChannelActivity {
  events: number;
  lastAt: number;
}

/** What Kindred has learned about one customer. Every collection is bounded (see PROFILE_LIMITS). */
export interface ProfileState {
  customerId: string;
  affinity: Affinity;
  /** Newest first by event time. */
  recentItems: HistoryEntry[];
  /** Distinct items bought, newest first. */
  purchases: { itemId: string; at: number }[];
  channels: Partial<Record<Channel, ChannelActivity>>;
  eventCount: number;
}

export const PROFILE_LIMITS = { recentItems: 50, purchases: 200 } as const;

export const emptyProfile = (customerId: string): ProfileState => ({
  customerId,
  affinity: emptyAffinity(),
  recentItems: [],
  purchases: [],
  channels: {},
  eventCount: 0,
});

/** Inserts keeping newest-first order by `at`; an equal time goes after what is there (arrival order). */
function insertByTime<T extends { at: number }>(list: readonly T[], entry: T, max: number): T[] {
  const index = list.findIndex((e) => e.at < entry.at);
  const next = index === -1 ? [...list, entry] : [...list.slice(0, index), entry, ...list.slice(index)];
  return next.slice(0, max);
}

/**
 * Folds one event into a profile. `features` are the item's features when the event is about a catalog
 * item (undefined when the item is unknown). Pure: the same inputs always give the same profile.
 */
export function applyEvent(
  profile: ProfileState,
  event: KindredEvent,
  features: readonly string[] | undefined,
  settings: AffinitySettings,
): ProfileState {
  const at = Date.parse(event.timestamp);
  const previous = profile.channels[event.channel];
  const next: ProfileState = {
    ...profile,
    eventCount: profile.eventCount + 1,
    channels: {
      ...profile.channels,
      [event.channel]: { events: (previous?.events ?? 0) + 1, lastAt: Math.max(previous?.lastAt ?? 0, at) },
    },
  };
  if (event.itemId === undefined) return next;

  next.recentItems = insertByTime(
    profile.recentItems,
    { itemId: event.itemId, type: event.type, at },
    PROFILE_LIMITS.recentItems,
  );
  if (event.type === "purchase") {
    const others = profile.purchases.filter((p) => p.itemId !== event.itemId);
    const earlier = profile.purchases.find((p) => p.itemId === event.itemId);
    const latest = Math.max(at, earlier?.at ?? 0);
    next.purchases = insertByTime(others, { itemId: event.itemId, at: latest }, PROFILE_LIMITS.purchases);
  }
  if (features) {
    next.affinity = addSignal(profile.affinity, features, eventWeight(event.type, event.value), at, settings);
  }
  return next;
}
