import { parseJsonDocument } from "../../domain/dict.js";
import type { Offer } from "../../schemas/offer.js";
import { listingKey } from "./listing-key.js";
import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

export interface StoredOffer extends Offer {
  /** The cells the offer is indexed in. */
  cells: string[];
}

const pattern = { pk: "OFFER#", sk: "OFFER" } as const satisfies KeyPattern;

/** An offer as the admin defined it, with the cells it is indexed in (`offer`, JSON text); listed. */
export const offerRow = {
  name: "offer",
  pattern,
  listedAs: "offers",
  key: (offerId: string): TableKey => ({ pk: `${pattern.pk}${offerId}`, sk: pattern.sk }),
  recognises: recogniser(pattern),
  /** The offer's id, from a key this kind recognises. */
  idOf: (key: TableKey): string => key.pk.slice(pattern.pk.length),
  toItem: (offer: StoredOffer): RowItem => ({
    ...offerRow.key(offer.offerId),
    ...listingKey("offers", offer.offerId),
    offerId: offer.offerId,
    offer: JSON.stringify(offer),
  }),
  fromItem: (item: StoredItem): StoredOffer => parseJsonDocument(String(item.offer)) as StoredOffer,
} as const;
