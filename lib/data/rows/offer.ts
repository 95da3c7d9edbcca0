import { parseJsonDocument } from "../../domain/dict.js";
import type { Offer } from "../../schemas/offer.js";
import { listingKey } from "./listing-key.js";
import { idKeyed, type RowItem, type StoredItem } from "./row-kind.js";

export interface StoredOffer extends Offer {
  /** The cells the offer is indexed in. */
  cells: string[];
}

/** An offer as the admin defined it, with the cells it is indexed in (`offer`, JSON text); listed. */
export const offerRow = {
  ...idKeyed("offer", { pk: "OFFER#", sk: "OFFER" }),
  listedAs: "offers",
  toItem: (offer: StoredOffer): RowItem => ({
    ...offerRow.key(offer.offerId),
    ...listingKey("offers", offer.offerId),
    offerId: offer.offerId,
    offer: JSON.stringify(offer),
  }),
  fromItem: (item: StoredItem): StoredOffer => parseJsonDocument(String(item.offer)) as StoredOffer,
} as const;
