import type { EventType } from "../schemas/event.js";

/** How strongly each kind of interaction says "I like this"; a dismissal says the opposite. */
export const EVENT_WEIGHTS: Readonly<Partial<Record<EventType, number>>> = {
  view: 1,
  click: 2,
  add_to_cart: 4,
  purchase: 8,
  dismiss: -3,
};

/** A 1–5 rating: 3 is neutral, 5 is as strong as adding to the cart, 1 as strong as a dismissal. */
const RATING_STEP = 1.5;

/** The affinity signal of one event, or 0 when the event says nothing about taste. */
export function eventWeight(type: EventType, value?: number): number {
  if (type === "rate") return value === undefined ? 0 : (value - 3) * RATING_STEP;
  return EVENT_WEIGHTS[type] ?? 0;
}
