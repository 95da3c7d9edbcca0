import type { KindredEvent } from "../schemas/event.js";
import type { ContactChannel } from "../schemas/preferences.js";
import { dict } from "./dict.js";
import type { MessageSends, ProfileMessages, ProfileState } from "./profile-state.js";

/**
 * At most this many messages' send counts are kept per customer; past it the least recently sent message is
 * forgotten (its next send counts as a first one again for `sendNumber`). Frequency limits do not depend on
 * it: they read the per-channel record, one entry per channel.
 */
export const MESSAGE_LIMITS = { messages: 100 } as const;

export const emptyProfileMessages = (): ProfileMessages => ({ sent: dict(), channels: {} });

/**
 * Counts one `message_sent` event (time `at`, epoch ms) for its message and its channel, keeping the bound.
 * Other events are ignored. Mutates `draft` (a working copy): entries are replaced, never changed in place.
 */
export function recordSendInPlace(draft: ProfileState, event: KindredEvent, at: number): void {
  if (event.type !== "message_sent" || event.messageId === undefined || event.messageChannel === undefined)
    return;
  const messages = draft.messages ?? emptyProfileMessages();
  const earlier = messages.sent[event.messageId];
  const latest = at >= (earlier?.lastAt ?? Number.NEGATIVE_INFINITY);
  messages.sent[event.messageId] = {
    times: (earlier?.times ?? 0) + 1,
    lastAt: Math.max(at, earlier?.lastAt ?? at),
    // A late-arriving older send counts, but does not change which send was the latest.
    channel: latest || !earlier ? event.messageChannel : earlier.channel,
    ...(latest ? variantOf(event.variantId) : variantOf(earlier?.variantId)),
  };
  countChannelInPlace(messages, event.messageChannel, 1, at);
  boundMessages(messages);
  draft.messages = messages;
}

const variantOf = (variantId: string | undefined) => (variantId === undefined ? {} : { variantId });

function countChannelInPlace(
  messages: ProfileMessages,
  channel: ContactChannel,
  times: number,
  lastAt: number,
): void {
  const earlier = messages.channels[channel];
  messages.channels[channel] = {
    times: (earlier?.times ?? 0) + times,
    lastAt: Math.max(lastAt, earlier?.lastAt ?? lastAt),
  };
}

/** Forgets the least recently sent messages past MESSAGE_LIMITS.messages (ties: by id). Mutates `messages`. */
function boundMessages(messages: ProfileMessages): void {
  const ids = Object.keys(messages.sent);
  if (ids.length <= MESSAGE_LIMITS.messages) return;
  const lastAt = (id: string) => messages.sent[id]?.lastAt ?? 0;
  ids.sort((a, b) => lastAt(a) - lastAt(b) || (a < b ? -1 : 1));
  for (const id of ids.slice(0, ids.length - MESSAGE_LIMITS.messages)) delete messages.sent[id];
}

/** Notes the time of an event of this type if it is the latest of its type. Mutates `draft`. */
export function recordLatestInPlace(draft: ProfileState, event: KindredEvent, at: number): void {
  const latest = draft.latestByType?.[event.type];
  if (latest !== undefined && latest >= at) return;
  draft.latestByType = { ...draft.latestByType, [event.type]: at };
}

/** Merges another profile's sends and latest event times into `into`, as one person's. Mutates `into`. */
export function mergeMessagesInPlace(into: ProfileState, other: ProfileState): void {
  if (other.latestByType) {
    const latest = { ...into.latestByType };
    for (const [type, at] of Object.entries(other.latestByType) as [keyof typeof latest, number][]) {
      latest[type] = Math.max(at, latest[type] ?? at);
    }
    into.latestByType = latest;
  }
  if (!other.messages) return;
  const messages: ProfileMessages = {
    sent: dict(into.messages?.sent),
    channels: { ...into.messages?.channels },
  };
  for (const [id, theirs] of Object.entries(other.messages.sent)) {
    const mine = messages.sent[id];
    const newer: MessageSends = !mine || theirs.lastAt > mine.lastAt ? theirs : mine;
    messages.sent[id] = { ...newer, times: (mine?.times ?? 0) + theirs.times };
  }
  for (const [channel, c] of Object.entries(other.messages.channels) as [
    ContactChannel,
    { times: number; lastAt: number },
  ][]) {
    countChannelInPlace(messages, channel, c.times, c.lastAt);
  }
  boundMessages(messages);
  into.messages = messages;
}
