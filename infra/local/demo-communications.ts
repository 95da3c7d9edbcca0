import type { Preferences } from "../../lib/schemas/preferences.js";

/*
 * Communications in the demo (README, "Communications"): a customer who wants marketing weekly by email in
 * French and got the newsletter three days ago, a payment reminder whose bill was paid since, and a
 * statement with two notices to combine and free space for three recommended items.
 */

const DAY = 86_400_000;

/** Demo customers' own choices: demo-bob shops from France and wants weekly email in French. */
export const DEMO_PREFERENCES: [customerId: string, preferences: Preferences][] = [
  [
    "demo-bob",
    {
      personalization: true,
      blockedCategories: [],
      locationConsent: false,
      channels: {
        preferred: "email",
        language: "fr",
        frequency: "weekly",
        byPurpose: { marketing: "email", transactional: "email" },
      },
    },
  ],
];

export interface DemoCommunicationEvent {
  eventId: string;
  type: "message_sent" | "purchase";
  customerId: string;
  timestamp: string;
  channel: "other" | "web";
  messageId?: string;
  variantId?: string;
  messageChannel?: "email";
  itemId?: string;
  context: { country: string };
}

/**
 * What already happened: Bob got the weekly newsletter 3 days ago; Chen got the first payment reminder
 * 2 days ago and paid (bought the stove) yesterday. Sent after the demo traffic.
 */
export function demoCommunicationEvents(now: number): DemoCommunicationEvent[] {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  return [
    {
      eventId: "demo-msg-bob-newsletter",
      type: "message_sent",
      customerId: "demo-bob",
      timestamp: at(3),
      channel: "other",
      messageId: "newsletter",
      variantId: "newsletter-fr",
      messageChannel: "email",
      context: { country: "FR" },
    },
    {
      eventId: "demo-msg-chen-reminder",
      type: "message_sent",
      customerId: "demo-chen",
      timestamp: at(2),
      channel: "other",
      messageId: "payment-reminder",
      variantId: "reminder-1",
      messageChannel: "email",
      context: { country: "NL" },
    },
    {
      eventId: "demo-msg-chen-paid",
      type: "purchase",
      customerId: "demo-chen",
      timestamp: at(1),
      channel: "web",
      itemId: "stove-1",
      context: { country: "NL" },
    },
  ];
}

/** The campaigns the README's tour asks about, as `POST …/messages/next` bodies. */
export function demoCampaigns(now: number) {
  return {
    newsletter: {
      channel: "email",
      messages: [
        {
          messageId: "newsletter",
          purpose: "marketing",
          variants: [
            { variantId: "newsletter-en", language: "en" },
            { variantId: "newsletter-fr", language: "fr" },
          ],
        },
      ],
    },
    reminder: {
      channel: "email",
      messages: [
        {
          messageId: "payment-reminder",
          purpose: "transactional",
          variants: [
            { variantId: "reminder-1", sendNumber: 1 },
            { variantId: "reminder-2", sendNumber: 2 },
          ],
          suppressIf: { eventTypes: ["purchase"], since: new Date(now - 7 * DAY).toISOString() },
        },
      ],
    },
    statement: {
      channel: "email",
      messages: [
        {
          messageId: "statement",
          purpose: "transactional",
          variants: [{ variantId: "statement-en" }, { variantId: "statement-fr", language: "fr" }],
        },
        {
          messageId: "fee-notice",
          purpose: "transactional",
          combinable: true,
          variants: [{ variantId: "fee-notice-v1" }],
        },
        {
          messageId: "privacy-notice",
          purpose: "transactional",
          combinable: true,
          variants: [{ variantId: "privacy-notice-v2" }],
        },
      ],
      fill: { source: "recommendations", limit: 3 },
    },
  } as const;
}
