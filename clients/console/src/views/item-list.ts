import type { ViewContext } from "../context.js";
import { h } from "../dom.js";
import { distanceText, type ReasonLike, reasonText, scoreText } from "../format.js";

/** Which experiment arm served a list, when one did: the list is what that variant's strategy ranked. */
export function experimentNote(list: { experimentId?: string | undefined; variant?: string | undefined }) {
  return list.experimentId
    ? h(
        "p",
        { class: "meta experiment-note" },
        `Served by experiment ${list.experimentId}, variant ${list.variant ?? "?"}.`,
      )
    : null;
}

export interface ListedItem {
  itemId: string;
  score: number;
  reasons: ReasonLike[];
}

/** A ranked list, best first: each item with its title (when known), its score and its reasons in words. */
export async function rankedList(ctx: ViewContext, items: readonly ListedItem[], label: string) {
  if (items.length === 0) return h("p", { class: "empty" }, "The list is empty.");
  await ctx.titles.load(
    items.flatMap((i) => [i.itemId, ...i.reasons.flatMap((r) => (r.itemId ? [r.itemId] : []))]),
  );
  return h(
    "ol",
    { class: "ranked", "aria-label": label },
    ...items.map((item) =>
      h(
        "li",
        { class: "ranked-item", "data-item-id": item.itemId },
        h(
          "div",
          { class: "ranked-head" },
          h("span", { class: "title" }, ctx.titles.of(item.itemId) ?? item.itemId),
          ctx.titles.of(item.itemId) ? h("span", { class: "id" }, item.itemId) : null,
          h("span", { class: "score", title: "score" }, `score ${scoreText(item.score)}`),
        ),
        h(
          "ul",
          { class: "reasons", "aria-label": "why" },
          ...item.reasons.map((r) => h("li", { class: "reason" }, reasonText(r, ctx.titles.of))),
        ),
      ),
    ),
  );
}

export interface ListedOffer {
  offerId: string;
  title: string;
  distanceM: number | null;
  score: number;
  reasons: Record<string, unknown>[];
  validUntil: string;
}

/** A customer's offers, best first, each with distance, score, reasons and how long it runs. */
export function offerList(offers: readonly ListedOffer[]) {
  if (offers.length === 0)
    return h(
      "p",
      { class: "empty" },
      "No offers: none is near this point, or (without a point) the customer has no known location or did not consent to location.",
    );
  return h(
    "ol",
    { class: "ranked", "aria-label": "offers" },
    ...offers.map((o) =>
      h(
        "li",
        { class: "ranked-item", "data-offer-id": o.offerId },
        h(
          "div",
          { class: "ranked-head" },
          h("span", { class: "title" }, o.title),
          h("span", { class: "id" }, o.offerId),
          h("span", { class: "score" }, `score ${scoreText(o.score)}`),
        ),
        h(
          "p",
          { class: "meta" },
          `${distanceText(o.distanceM)} · until ${new Date(o.validUntil).toLocaleDateString()}`,
        ),
        h(
          "ul",
          { class: "reasons", "aria-label": "why" },
          ...o.reasons.map((r) =>
            h("li", { class: "reason" }, reasonText({ ...r, type: String(r.type ?? "") } as ReasonLike)),
          ),
        ),
      ),
    ),
  );
}
