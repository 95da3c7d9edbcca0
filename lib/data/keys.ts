import { padSequence } from "../domain/applied-log.js";

/** Every DynamoDB key Kindred writes is built here, so access patterns can be read off one page. */
export interface TableKey {
  pk: string;
  sk: string;
}

export const keys = {
  /** One item per customer: profile state plus its applied-log, written together. */
  profile: (customerId: string): TableKey => ({ pk: `CUSTOMER#${customerId}`, sk: "PROFILE" }),
  /** One item per catalog item. */
  catalogItem: (itemId: string): TableKey => ({ pk: `ITEM#${itemId}`, sk: "ITEM" }),
  /** An item's co-occurrence counts for one relation (COVIEW, COBUY), beside its catalog entry. */
  neighbours: (rowKey: string, itemId: string): TableKey => ({ pk: `ITEM#${itemId}`, sk: rowKey }),
  /** Trending counters of one scope (`<country|*>#<category|*>`). */
  trend: (scope: string): TableKey => ({ pk: `TREND#${scope}`, sk: "TREND" }),
  /** Every row about one customer but the profile shares its partition, so erasure finds them with one Query. */
  customerPartition: (customerId: string): string => `CUSTOMER#${customerId}`,
  /** Records that can never be applied, grouped by shard and ordered by sequence number. */
  quarantine: (shardId: string, sequenceNumber: string): TableKey => ({
    pk: `QUARANTINE#${shardId}`,
    sk: padSequence(sequenceNumber),
  }),
};
