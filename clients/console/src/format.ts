/**
 * Plain words for what the API returns: reasons, interests, numbers. Pure, so they are unit-tested
 * (test/clients/console/format.test.ts) and the views only place the text.
 */

/** A reason as the API sends it. Kept open: rules (#16) and later reasons add types this page may not know. */
export interface ReasonLike {
  type: string;
  itemId?: string;
  feature?: string;
  ruleId?: string;
  position?: number;
  [key: string]: unknown;
}

/** Finds an item's title when the console knows it (admin tokens may read the catalog). */
export type TitleOf = (itemId: string) => string | undefined;

const named = (itemId: string, titleOf: TitleOf) => {
  const title = titleOf(itemId);
  return title ? `“${title}”` : itemId;
};

/**
 * An interest as a person would say it: `category:shoes/running` → `shoes › running`, `brand:stride` →
 * `brand Stride`… Unknown kinds are shown as they are.
 */
export function featureText(feature: string): string {
  const colon = feature.indexOf(":");
  if (colon < 0) return feature;
  const kind = feature.slice(0, colon);
  const value = feature.slice(colon + 1);
  switch (kind) {
    case "category":
      return value.split("/").join(" › ");
    case "brand":
      return `brand ${value}`;
    case "tag":
      return `“${value}” items`;
    case "price":
      return value.endsWith("+") ? `prices from ${value.slice(0, -1)}` : `prices ${value.replace("-", "–")}`;
    default:
      return `${kind} ${value}`;
  }
}

/** Why an item (or offer) is in a list, in one plain sentence. */
export function reasonText(reason: ReasonLike, titleOf: TitleOf = () => undefined): string {
  switch (reason.type) {
    case "also_viewed":
      return reason.itemId
        ? `Shoppers who viewed ${named(reason.itemId, titleOf)} also viewed this`
        : "Shoppers who viewed the same items also viewed this";
    case "bought_together":
      return reason.itemId
        ? `Often bought together with ${named(reason.itemId, titleOf)}`
        : "Often bought together with what was bought";
    case "affinity":
      return reason.feature ? `Matches an interest in ${featureText(reason.feature)}` : "Matches an interest";
    case "trending":
      return "Popular right now";
    case "nearby":
      return "Close to where the customer is";
    case "exploration":
      return "New in the catalog: shown to learn how it does";
    case "personalization_off":
      return "Not personalised: the customer switched personalisation off";
    case "caller_order":
      return reason.position !== undefined
        ? `Nothing told it apart: kept in the order given (position ${reason.position + 1})`
        : "Nothing told it apart: kept in the order given";
    case "promoted":
      return `Promoted by rule ${reason.ruleId ?? "(unnamed)"}`;
    case "pinned":
      return `Pinned to its place by rule ${reason.ruleId ?? "(unnamed)"}`;
    case "boosted":
      return `Boosted by rule ${reason.ruleId ?? "(unnamed)"}`;
    default: {
      const words = reason.type.replaceAll("_", " ");
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/** A score with three significant digits: scores compare within one list, never across lists. */
export const scoreText = (score: number) => (Number.isFinite(score) ? score.toPrecision(3) : "–");

/** A share as a percentage, one decimal; `–` when there is nothing to divide (no impressions yet). */
export const percentText = (share: number | null | undefined) =>
  share === null || share === undefined || !Number.isFinite(share) ? "–" : `${(share * 100).toFixed(1)} %`;

/** A relative change: `+12.5 %`, `−3.0 %`; the control's own lift is `–`. */
export function liftText(lift: number | null | undefined): string {
  if (lift === null || lift === undefined || !Number.isFinite(lift)) return "–";
  const pct = (lift * 100).toFixed(1);
  return lift > 0 ? `+${pct} %` : lift < 0 ? `−${pct.slice(1)} %` : "0.0 %";
}

/** A 95 % interval of a lift: `[−4.1 %, +20.3 %]`. */
export const intervalText = (ci: readonly number[] | null | undefined) =>
  ci && ci.length === 2 ? `[${liftText(ci[0])}, ${liftText(ci[1])}]` : "–";

/** A p-value as usually reported: `< 0.001` below that, otherwise three decimals. */
export function pValueText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

/** A distance in metres as people read it: `850 m`, `2.4 km`. */
export function distanceText(metres: number | null | undefined): string {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return "distance unknown";
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** Candidates pasted for rank: one item id per line (or comma-separated), or a JSON array of ids or objects. */
export function parseCandidates(
  text: string,
): { itemId: string; categories?: string[]; tags?: string[]; brand?: string }[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new Error("expected a JSON array");
    return parsed.map((entry, i) => {
      if (typeof entry === "string") return { itemId: entry };
      if (
        typeof entry === "object" &&
        entry !== null &&
        typeof (entry as { itemId?: unknown }).itemId === "string"
      )
        return entry as { itemId: string };
      throw new Error(`entry ${i} has no itemId`);
    });
  }
  // One id per line: an id may hold a comma.
  return trimmed
    .split("\n")
    .map((id) => id.trim())
    .filter((id) => id !== "")
    .map((itemId) => ({ itemId }));
}
