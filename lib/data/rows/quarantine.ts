import { padSequence } from "../../domain/applied-log.js";
import { type KeyPattern, type RowItem, recogniser, type TableKey } from "./row-kind.js";

/**
 * A stream record that can never be applied. Nothing personal is kept — not the payload (it may hold
 * coordinates), not even the customer id — so there is nothing here for an erasure to find; shard and
 * sequence number locate the record in the stream for as long as the stream retains it.
 */
export interface QuarantinedRecord {
  shardId: string;
  sequenceNumber: string;
  reason: string;
  quarantinedAt: number;
}

const pattern = { pk: "QUARANTINE#" } as const satisfies KeyPattern;

/** Records that can never be applied, grouped by shard and ordered by (padded) sequence number. */
export const quarantineRow = {
  name: "quarantine",
  pattern,
  key: (shardId: string, sequenceNumber: string): TableKey => ({
    pk: `${pattern.pk}${shardId}`,
    sk: padSequence(sequenceNumber),
  }),
  recognises: recogniser(pattern),
  /** `expiresAt`: epoch seconds. */
  toItem: (record: QuarantinedRecord, expiresAt: number): RowItem => ({
    ...quarantineRow.key(record.shardId, record.sequenceNumber),
    ...record,
    expiresAt,
  }),
};
