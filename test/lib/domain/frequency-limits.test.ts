import fc from "fast-check";
import { describe, it } from "vitest";
import { decideNextMessage, FREQUENCY_WINDOW_MS } from "../../../lib/domain/next-message.js";
import {
  CONTACT_CHANNELS,
  CONTACT_FREQUENCIES,
  type ContactChannel,
} from "../../../lib/schemas/preferences.js";
import { DAY, message, prefer, sentAt, T0, withEvents } from "./message-fixtures.js";

/**
 * A campaign tool that asks every so often — a marketing or a transactional message, perhaps with a
 * combinable marketing one after it — and records every message it sends, as the contract intends. A
 * communication counts as marketing when any message in it is.
 */
function simulate(
  frequency: (typeof CONTACT_FREQUENCIES)[number],
  asks: Ask[],
  marketingChannel: ContactChannel | null = null,
) {
  let profile = prefer({
    preferred: "email",
    frequency,
    ...(marketingChannel ? { byPurpose: { marketing: marketingChannel } } : {}),
  });
  let now = T0;
  const sends: { at: number; channel: ContactChannel; marketing: boolean; primaryMarketing: boolean }[] = [];
  for (const ask of asks) {
    now += ask.gapMs;
    const candidates = [
      message({
        messageId: ask.marketing ? "promo" : "bill",
        purpose: ask.marketing ? "marketing" : "transactional",
        variants: [{ variantId: "v" }],
      }),
      ...(ask.rider
        ? [
            message({
              messageId: "rider",
              purpose: "marketing",
              combinable: true,
              variants: [{ variantId: "r" }],
            }),
          ]
        : []),
    ];
    const d = decideNextMessage(profile, ask.channel, candidates, now);
    if (d.decision !== "send" || d.messageId === undefined) continue;
    const inIt = [d.messageId, ...(d.combined ?? []).map((c) => c.messageId)];
    const marketing = inIt.some((id) => candidates.find((c) => c.messageId === id)?.purpose === "marketing");
    const primaryMarketing = candidates.find((c) => c.messageId === d.messageId)?.purpose === "marketing";
    sends.push({ at: now, channel: d.channel, marketing, primaryMarketing });
    profile = withEvents(
      profile,
      inIt.map((id) => sentAt(now, id, d.channel)),
    );
  }
  return sends;
}

interface Ask {
  gapMs: number;
  channel: ContactChannel;
  marketing: boolean;
  rider: boolean;
}

const asks = fc.array(
  fc.record({
    gapMs: fc.integer({ min: 0, max: 10 * DAY }),
    channel: fc.constantFrom(...CONTACT_CHANNELS),
    marketing: fc.boolean(),
    rider: fc.boolean(),
  }),
  { maxLength: 40 },
);
const marketingChannel = fc.option(fc.constantFrom(...CONTACT_CHANNELS));

describe("frequency limits (properties)", () => {
  it("a never customer receives no marketing on any channel", () => {
    fc.assert(
      fc.property(asks, marketingChannel, (a, m) => simulate("never", a, m).every((s) => !s.marketing)),
    );
  });

  it("a frequency window never holds two marketing sends on one channel", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("daily", "weekly", "monthly" as const),
        asks,
        marketingChannel,
        (frequency, a, m) => {
          const marketing = simulate(frequency, a, m).filter((s) => s.marketing);
          for (const [i, s] of marketing.entries())
            for (const t of marketing.slice(i + 1))
              if (t.channel === s.channel && t.at - s.at < FREQUENCY_WINDOW_MS[frequency]) return false;
          return true;
        },
      ),
    );
  });

  it("transactional messages are never held back by frequency", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONTACT_FREQUENCIES), asks, (frequency, a) => {
        const sends = simulate(frequency, a).filter((s) => !s.primaryMarketing);
        return sends.length === a.filter((x) => !x.marketing).length;
      }),
    );
  });
});
