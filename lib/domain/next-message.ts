import type { EventType } from "../schemas/event-types.js";
import type { CandidateMessage, MessageReason } from "../schemas/messages.js";
import type { ContactChannel, ContactFrequency, MessagePurpose } from "../schemas/preferences.js";
import { type CustomerFacts, chooseVariant, customerFacts, describeFacts } from "./message-variants.js";
import { preferencesOf } from "./preferences.js";
import type { ProfileState } from "./profile-state.js";

const DAY_MS = 86_400_000;

/**
 * How long after a send on a channel the next marketing send on it waits, per frequency: rolling windows
 * (a "weekly" customer gets at most one marketing message in any 7 days, not one per calendar week, so
 * Sunday and Monday never both get one).
 */
export const FREQUENCY_WINDOW_MS: Readonly<Record<Exclude<ContactFrequency, "never">, number>> = {
  daily: DAY_MS,
  weekly: 7 * DAY_MS,
  monthly: 30 * DAY_MS,
};

/** What to do for one customer: send a message (perhaps with others in it), or nothing. */
export interface MessageDecision {
  decision: "send" | "suppress";
  messageId?: string;
  variantId?: string;
  combined?: { messageId: string; variantId: string }[];
  channel: ContactChannel;
  reasons: MessageReason[];
}

type Judgement =
  | {
      ok: true;
      message: CandidateMessage;
      variantId: string;
      channel: ContactChannel;
      reasons: MessageReason[];
    }
  | { ok: false; channel: ContactChannel; reasons: MessageReason[] };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Decides the next communication for a customer at `now` (epoch ms), purely from their profile: the first
 * candidate (in the caller's order of importance) that may be sent, in the variant that fits them, with the
 * other combinable candidates that may go in the same communication; or `suppress` when none may. Every
 * candidate that is passed over says why, in plain words.
 *
 * A candidate may not be sent when: it is marketing and the customer's frequency is `never`; it is
 * marketing and its channel had a send within the customer's frequency window (any send counts: the
 * stream does not say a send's purpose); one of its `suppressIf` event types happened at or after `since`;
 * or none of its variants fits. The channel is the one the customer chose for its purpose, else `asked`.
 */
export function decideNextMessage(
  profile: ProfileState | undefined,
  asked: ContactChannel,
  messages: readonly CandidateMessage[],
  now: number,
): MessageDecision {
  const facts = customerFacts(profile);
  const reasons: MessageReason[] = [];
  for (const [index, message] of messages.entries()) {
    const judged = judge(message, profile, facts, asked, now);
    if (!judged.ok) {
      reasons.push(...judged.reasons);
      continue;
    }
    reasons.push(
      {
        type: "chosen",
        messageId: message.messageId,
        variantId: judged.variantId,
        text: `${message.messageId} is the most important candidate that may be sent.`,
      },
      ...judged.reasons,
    );
    const combined = combine(messages.slice(index + 1), judged.channel, reasons, (m) =>
      judge(m, profile, facts, asked, now),
    );
    return {
      decision: "send",
      messageId: message.messageId,
      variantId: judged.variantId,
      ...(combined.length ? { combined } : {}),
      channel: judged.channel,
      reasons,
    };
  }
  const first = messages[0];
  const channel = first ? channelFor(profile, first.purpose, asked).channel : asked;
  return { decision: "suppress", channel, reasons };
}

/**
 * The later candidates that go in the chosen message's communication: combinable, sendable themselves, and
 * by the same channel. Appends a reason for every later candidate to `reasons`.
 */
function combine(
  later: readonly CandidateMessage[],
  channel: ContactChannel,
  reasons: MessageReason[],
  judgeOne: (message: CandidateMessage) => Judgement,
): { messageId: string; variantId: string }[] {
  const combined: { messageId: string; variantId: string }[] = [];
  for (const other of later) {
    const { messageId } = other;
    if (!other.combinable) {
      reasons.push({
        type: "not_combinable",
        messageId,
        text: `${messageId} is not combinable: it goes in a communication of its own.`,
      });
      continue;
    }
    const fits = judgeOne(other);
    if (!fits.ok) reasons.push(...fits.reasons);
    else if (fits.channel !== channel)
      reasons.push({
        type: "other_channel",
        messageId,
        text: `${messageId} goes by ${fits.channel}, not ${channel}: it cannot go in the same communication.`,
      });
    else {
      combined.push({ messageId, variantId: fits.variantId });
      reasons.push({
        type: "combined",
        messageId,
        variantId: fits.variantId,
        text: `${messageId} is combinable and may be sent too: it goes in the same communication.`,
      });
    }
  }
  return combined;
}

/** The channel for a purpose: the customer's choice for it, else the one asked for. */
export function channelFor(
  profile: ProfileState | undefined,
  purpose: MessagePurpose,
  asked: ContactChannel,
): { channel: ContactChannel; chosen: boolean } {
  const chosen = preferencesOf(profile).channels?.byPurpose?.[purpose];
  return chosen ? { channel: chosen, chosen: true } : { channel: asked, chosen: false };
}

function judge(
  message: CandidateMessage,
  profile: ProfileState | undefined,
  facts: CustomerFacts,
  asked: ContactChannel,
  now: number,
): Judgement {
  const { messageId, purpose } = message;
  const { channel, chosen } = channelFor(profile, purpose, asked);
  const suppressed = (reason: Omit<MessageReason, "messageId">): Judgement => ({
    ok: false,
    channel,
    reasons: [{ messageId, ...reason }],
  });
  const frequency = preferencesOf(profile).channels?.frequency;
  if (purpose === "marketing" && frequency === "never")
    return suppressed({ type: "frequency_never", text: "The customer wants no marketing messages." });
  if (purpose === "marketing" && frequency !== undefined && frequency !== "never") {
    const last = profile?.messages?.channels[channel]?.lastAt;
    if (last !== undefined && last > now - FREQUENCY_WINDOW_MS[frequency])
      return suppressed({
        type: "frequency_window",
        at: iso(last),
        text: `A message went out by ${channel} at ${iso(last)}, and the customer wants marketing at most ${frequency}.`,
      });
  }
  const journey = journeyEvent(message, profile);
  if (journey)
    return suppressed({
      type: "journey_event",
      eventType: journey.type,
      at: iso(journey.at),
      text: `The customer already did it: a ${journey.type} event at ${iso(journey.at)}, after ${message.suppressIf?.since}.`,
    });
  const choice = chooseVariant(message, facts);
  if (!choice)
    return suppressed({
      type: "no_variant",
      text: `No variant of ${messageId} fits the customer (${describeFacts(message, facts)}).`,
    });
  const { variantId } = choice.variant;
  const reasons: MessageReason[] = [
    chosen
      ? {
          type: "channel_by_purpose",
          messageId,
          text: `By ${channel}: the customer's channel for ${purpose} messages.`,
        }
      : {
          type: "channel_asked",
          messageId,
          text: `By ${channel}, as asked: the customer chose no channel for ${purpose} messages.`,
        },
    { type: "variant", messageId, variantId, text: `Variant ${variantId}: ${choice.why}.` },
  ];
  if (purpose === "transactional")
    reasons.push({ type: "transactional", messageId, text: "Transactional: frequency limits do not apply." });
  return { ok: true, message, variantId, channel, reasons };
}

/** The latest event of one of the message's `suppressIf` types at or after its `since`, if any. */
function journeyEvent(
  message: CandidateMessage,
  profile: ProfileState | undefined,
): { type: EventType; at: number } | undefined {
  const rule = message.suppressIf;
  if (!rule) return undefined;
  const since = Date.parse(rule.since);
  let found: { type: EventType; at: number } | undefined;
  for (const type of rule.eventTypes) {
    const at = profile?.latestByType?.[type];
    if (at !== undefined && at >= since && (!found || at > found.at)) found = { type, at };
  }
  return found;
}
