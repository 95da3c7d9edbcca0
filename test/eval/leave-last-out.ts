import type { Interaction } from "./interaction-log.js";

/** A leave-last-out split of a log. */
export interface LeaveLastOut {
  /** Everything but the held-out interactions, in time order (ties keep log order). */
  training: Interaction[];
  /** Each customer's last interaction (time order, ties by log order), for customers with at least two. */
  heldOut: Map<string, Interaction>;
  /** Each customer's training interactions, in time order. */
  histories: Map<string, Interaction[]>;
  /** Every item in the log, training and held out, in order of first appearance in time order. */
  catalog: string[];
}

/**
 * Holds out every customer's last interaction (customers with a single interaction stay in training only),
 * the protocol of most next-item evaluations. Training keeps interactions that happened after another
 * customer's held-out one: the split is per customer, not by a global cut-off time.
 */
export function leaveLastOut(interactions: readonly Interaction[]): LeaveLastOut {
  // Array.prototype.sort is stable, so equal times keep the log's order and the split is deterministic.
  const ordered = [...interactions].sort((a, b) => a.at - b.at);
  const byCustomer = new Map<string, Interaction[]>();
  for (const i of ordered) {
    const list = byCustomer.get(i.customerId);
    if (list) list.push(i);
    else byCustomer.set(i.customerId, [i]);
  }
  const heldOut = new Map<string, Interaction>();
  const histories = new Map<string, Interaction[]>();
  for (const [customerId, list] of byCustomer) {
    const last = list.at(-1);
    if (list.length >= 2 && last) {
      heldOut.set(customerId, last);
      histories.set(customerId, list.slice(0, -1));
    } else histories.set(customerId, list);
  }
  const held = new Set(heldOut.values());
  const training = ordered.filter((i) => !held.has(i));
  const catalog = [...new Set(ordered.map((i) => i.itemId))];
  return { training, heldOut, histories, catalog };
}
