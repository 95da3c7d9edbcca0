import { applyEvents, emptyProfile } from "../../../lib/domain/profile.js";
import type { ProfileState } from "../../../lib/domain/profile-state.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { type CandidateMessage, candidateMessageSchema } from "../../../lib/schemas/messages.js";
import type { ContactChannel, Preferences } from "../../../lib/schemas/preferences.js";

/** Fixtures of communications' domain tests: candidates, a customer's choices, events folded in. */
const settings = { halfLifeMs: 30 * 86_400_000, maxFeatures: 64, minMagnitude: 0.01 };
export const T0 = Date.parse("2026-11-01T10:00:00Z");
export const DAY = 86_400_000;
let ids = 0;

export const message = (input: Record<string, unknown>): CandidateMessage =>
  candidateMessageSchema.parse(input);

export function withEvents(profile: ProfileState, events: Partial<KindredEvent>[]): ProfileState {
  return applyEvents(
    profile,
    events.map((e) => ({
      event: {
        eventId: `e${ids++}`,
        customerId: profile.customerId,
        timestamp: new Date(T0).toISOString(),
        channel: "other",
        type: "view",
        ...e,
      } as KindredEvent,
      features: undefined,
    })),
    settings,
  );
}
export const sentAt = (ms: number, messageId = "news", messageChannel: ContactChannel = "email") => ({
  type: "message_sent" as const,
  messageId,
  messageChannel,
  timestamp: new Date(ms).toISOString(),
});
export const prefer = (channels: Preferences["channels"]): ProfileState => ({
  ...emptyProfile("c1"),
  preferences: { personalization: true, blockedCategories: [], locationConsent: false, channels },
});
