import type { ValidRecord } from "./batch-plan.js";

type Entry = [customerId: string, list: ValidRecord[]];

const isIdentify = ({ envelope: { event } }: ValidRecord): boolean =>
  event.type === "identify" && !!event.previousId;

/**
 * The order a batch's customers are folded in (each entry a customer's events):
 * - `visitors`, then `others`: customers who identify no one, each group concurrently — visitors that someone
 *   identifies first, so an identify merges them with this batch's own events included;
 * - `identifying`: customers who identify someone, one at a time in stream order, visitors among them first
 *   (a chain of visitors): the first to claim a visitor takes its history and empties it, so a later claimant
 *   in the same batch finds nothing to merge. Identifies are rare; their serial order costs little.
 */
export function foldOrder(entries: readonly Entry[], mergeSources: ReadonlySet<string>) {
  const plain = entries.filter(([, list]) => !list.some(isIdentify));
  const identifying = entries.filter(([, list]) => list.some(isIdentify));
  return {
    visitors: plain.filter(([id]) => mergeSources.has(id)),
    others: plain.filter(([id]) => !mergeSources.has(id)),
    identifying: [
      ...identifying.filter(([id]) => mergeSources.has(id)),
      ...identifying.filter(([id]) => !mergeSources.has(id)),
    ],
  };
}
