/**
 * Anonymous visitors' ids start with this prefix (contract, "Anonymous visitors"); no other id is
 * anonymous. Only an anonymous id's history ever merges into another profile through an `identify` event:
 * naming a known customer there would hand that customer's profile to whoever sent the event.
 */
export const ANONYMOUS_ID_PREFIX = "anon-";

export const isAnonymousId = (customerId: string): boolean => customerId.startsWith(ANONYMOUS_ID_PREFIX);
