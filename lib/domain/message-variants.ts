import type { CandidateMessage, MessageVariant } from "../schemas/messages.js";
import { preferencesOf } from "./preferences.js";
import type { ProfileState } from "./profile-state.js";

/** What variants are chosen by: the customer as the profile knows them. */
export interface CustomerFacts {
  /** Preferred language tag, from the customer's channel preferences. */
  language?: string | undefined;
  /** Country (ISO 3166-1 alpha-2) of the latest event that named one. */
  country?: string | undefined;
  /** At least one purchase is known (the purchase list, its filter, or the latest purchase time). */
  returning: boolean;
  /** How many times each message was sent to the customer (as far as the profile counts them). */
  sends: (messageId: string) => number;
}

export function customerFacts(profile: ProfileState | undefined): CustomerFacts {
  const returning =
    (profile?.purchases.length ?? 0) > 0 ||
    profile?.boughtEarlier !== undefined ||
    profile?.latestByType?.purchase !== undefined;
  return {
    language: preferencesOf(profile).channels?.language,
    country: profile?.country?.code,
    returning,
    sends: (messageId) => profile?.messages?.sent[messageId]?.times ?? 0,
  };
}

/**
 * A variant's language fits the customer's when they are the same tag, or the variant names the language of
 * the customer's regional tag ("fr" fits "fr-CA"); compared without case.
 */
export function languageFits(variant: string, preferred: string): boolean {
  const v = variant.toLowerCase();
  const p = preferred.toLowerCase();
  return v === p || p.split("-")[0] === v;
}

/** The criteria a variant states that decide for this customer; undefined when one of them does not fit. */
function fittingCriteria(v: MessageVariant, facts: CustomerFacts, sendNumber: number): string[] | undefined {
  const met: string[] = [];
  // Without a language preference, language is no criterion: the earliest variant wins (the contract's
  // "else the first variant").
  if (v.language !== undefined && facts.language !== undefined) {
    if (!languageFits(v.language, facts.language)) return undefined;
    met.push(`language ${v.language} (the customer's preference)`);
  }
  if (v.countries !== undefined) {
    if (facts.country === undefined || !v.countries.includes(facts.country)) return undefined;
    met.push(`country ${facts.country}`);
  }
  if (v.audience === "new" || v.audience === "returning") {
    if ((v.audience === "returning") !== facts.returning) return undefined;
    met.push(v.audience === "new" ? "a new customer (no purchase yet)" : "a returning customer");
  }
  if (v.sendNumber !== undefined) {
    if (v.sendNumber !== sendNumber) return undefined;
    met.push(`the ${ordinal(sendNumber)} send of this message`);
  }
  return met;
}

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th";
  return `${n}${suffix}`;
}

export interface VariantChoice {
  variant: MessageVariant;
  /** In plain words, what made it the one. */
  why: string;
}

/**
 * The variant of `message` that fits the customer best: of those whose every stated criterion (language,
 * countries, audience, sendNumber) fits, the one that states the most (an exact language tag beating the
 * bare language of a regional preference); of equals, the earliest. Undefined
 * when none fits. `sendNumber` fits the n-th send: the message was sent n − 1 times before.
 */
export function chooseVariant(message: CandidateMessage, facts: CustomerFacts): VariantChoice | undefined {
  const sendNumber = facts.sends(message.messageId) + 1;
  let best: { variant: MessageVariant; met: string[]; rank: number } | undefined;
  for (const variant of message.variants) {
    const met = fittingCriteria(variant, facts, sendNumber);
    if (!met) continue;
    // More criteria first; of as many, the exact language tag ("fr-CA" for fr-CA) over the language alone.
    const exact =
      variant.language !== undefined && variant.language.toLowerCase() === facts.language?.toLowerCase();
    const rank = met.length * 2 + (exact ? 1 : 0);
    if (!best || rank > best.rank) best = { variant, met, rank };
  }
  if (!best) return undefined;
  const why = best.met.length ? best.met.join(", ") : "the first variant that fits (none is more specific)";
  return { variant: best.variant, why };
}

/** The customer as variants see them, in plain words, for a reason that none fits. */
export function describeFacts(message: CandidateMessage, facts: CustomerFacts): string {
  const sendNumber = facts.sends(message.messageId) + 1;
  return [
    `language ${facts.language ?? "not given"}`,
    `country ${facts.country ?? "unknown"}`,
    facts.returning ? "a returning customer" : "a new customer",
    `this would be the ${ordinal(sendNumber)} send`,
  ].join(", ");
}
