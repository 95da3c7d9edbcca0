import { EVENT_TYPE_BEHAVIOUR, type EventType } from "../schemas/event-types.js";

/** A 1–5 rating: 3 is neutral, 5 is as strong as adding to the cart, 1 as strong as a dismissal. */
const RATING_STEP = 1.5;

/** The affinity signal of one event (its type's row, lib/schemas/event-types.ts), or 0 when it says nothing about taste. */
export function eventWeight(type: EventType, value?: number): number {
  const { affinity } = EVENT_TYPE_BEHAVIOUR[type];
  if (affinity === "rating") return value === undefined ? 0 : (value - 3) * RATING_STEP;
  return affinity;
}
