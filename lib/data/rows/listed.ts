import { catalogItemRow } from "./catalog-item.js";
import { experimentRow } from "./experiment.js";
import { type ListingKey, listingKey } from "./listing-key.js";
import { offerRow } from "./offer.js";
import type { KeyLike } from "./row-kind.js";
import { ruleRow } from "./rule.js";

/** The row kinds admins list: each row is written with its listing key. */
export const LISTED_ROWS = [catalogItemRow, offerRow, experimentRow, ruleRow] as const;

/** The listing key a stored row should carry, if it is a listed row (a catalog item, offer, experiment or rule). */
export function listingKeyOf(row: KeyLike): ListingKey | undefined {
  const kind = LISTED_ROWS.find((k) => k.recognises(row));
  return kind && listingKey(kind.listedAs, kind.idOf({ pk: String(row.pk), sk: String(row.sk) }));
}

/** Sort keys of the listed rows, for a backfill's filter. */
export const LISTED_SORT_KEYS = LISTED_ROWS.map((k) => k.pattern.sk);
