import { CUSTOMER_PARTITION, customerPartition } from "./customer-partition.js";
import { type KeyPattern, type RowItem, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

const pattern = { pk: CUSTOMER_PARTITION, sk: "SEEN#" } as const satisfies KeyPattern;

/**
 * An event id (its fingerprint) that left a customer's applied-log, remembered for the dedupe window under
 * the customer's partition key (so erasure removes it with the profile) until `expiresAt` (epoch seconds).
 */
export const seenEventRow = {
  name: "seen event",
  pattern,
  key: (customerId: string, fingerprint: string): TableKey => ({
    pk: customerPartition(customerId),
    sk: `${pattern.sk}${fingerprint}`,
  }),
  recognises: recogniser(pattern),
  toItem: (customerId: string, fingerprint: string, expiresAt: number): RowItem => ({
    ...seenEventRow.key(customerId, fingerprint),
    expiresAt,
  }),
  fromItem: (item: StoredItem) => ({
    customerId: String(item.pk).slice(CUSTOMER_PARTITION.length),
    fingerprint: String(item.sk).slice(`${pattern.sk}`.length),
    expiresAt: Number(item.expiresAt),
  }),
};
