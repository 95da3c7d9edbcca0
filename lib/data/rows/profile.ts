import { type AppliedLog, appliedLogFromStored } from "../../domain/applied-log.js";
import { redemptionsFromStored } from "../../domain/offers.js";
import { emptyProfile } from "../../domain/profile.js";
import type { ProfileState } from "../../domain/profile-state.js";
import { relatedPoolFromStored } from "../../domain/related-pool.js";
import { CUSTOMER_PARTITION } from "./customer-partition.js";
import { type DocumentFormat, packDocument, unpackDocument, WRITTEN_FORMAT } from "./packed-document.js";
import { idKeyed, type RowItem, type StoredItem, VERSION_ATTRIBUTE } from "./row-kind.js";

/** A customer's profile as stored: the learned state, what has been applied, and an optimistic version. */
export interface StoredProfile {
  state: ProfileState;
  log: AppliedLog;
  /** 0 for a profile that does not exist yet. */
  version: number;
  /** Epoch ms of the last write. */
  updatedAt: number;
}

/**
 * Stored document format. State and log travel together in one binary attribute (packed-document.ts:
 * MessagePack; documents written before are UTF-8 JSON and still read): one cheap (de)serialisation, and
 * no second round of string escaping inside the request.
 *
 * Format 2 keeps, with each decayed vector (interests, the related pool), the half-life it was built with
 * (`halfLife`). Format 1 did not: its vectors read without one, and are taken to be built with the
 * half-life configured when they are next read or folded.
 */
interface ProfileDocument {
  format: 1 | 2;
  state: ProfileState;
  log: AppliedLog;
}

/**
 * One item per customer: profile state plus its applied-log, written together. Anything else about the
 * customer lives under the same partition key, so erasure finds it with one Query.
 */
export const profileRow = {
  ...idKeyed("profile", { pk: CUSTOMER_PARTITION, sk: "PROFILE" }),
  /** The item to put for `profile` (whose `version` is the one it is written with), its document in `format`. */
  toItem: (profile: StoredProfile, format: DocumentFormat = WRITTEN_FORMAT): RowItem => {
    const doc: ProfileDocument = { format: 2, state: profile.state, log: profile.log };
    return {
      ...profileRow.key(profile.state.customerId),
      [VERSION_ATTRIBUTE]: profile.version,
      updatedAt: profile.updatedAt,
      doc: packDocument(doc, format),
    };
  },
  /** A stored profile of any format; fields added since it was written get their empty values. */
  fromItem: (item: StoredItem): StoredProfile => {
    const doc = unpackDocument(item.doc as Uint8Array | string) as ProfileDocument;
    const state = { ...emptyProfile(doc.state.customerId), ...doc.state };
    if (state.offers) state.offers.redeemed = redemptionsFromStored(state.offers.redeemed);
    state.related = relatedPoolFromStored(state.related);
    return {
      state,
      log: appliedLogFromStored(doc.log),
      version: Number(item[VERSION_ATTRIBUTE]),
      updatedAt: Number(item.updatedAt),
    };
  },
};
