/**
 * The one description of Kindred's storage. The CDK constructs and the local runtime both build their
 * table and stream from these values, so the two cannot drift.
 */
export const TABLE_DEFINITION = {
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  /** Epoch seconds; DynamoDB deletes late (and dynalite never), so reads also treat expired items as absent. */
  timeToLiveAttribute: "expiresAt",
  /**
   * A sparse global index that holds only listed rows (catalog items, offers, experiment definitions, rules:
   * those that carry `lpk`), keys only: admin lists page through it and read the rows themselves by key. See
   * rows/listing-key.ts for its sharding; rows written before it existed are backfilled
   * (lib/data/listing-backfill).
   */
  listingIndex: {
    name: "listing",
    partitionKey: { name: "lpk", type: "S" },
    sortKey: { name: "lsk", type: "S" },
  },
  /** The name used in local mode; in AWS CloudFormation names the table. */
  localName: "kindred-main",
} as const;

export const STREAM_DEFINITION = {
  localName: "kindred-events",
  /** Enough shards locally to exercise per-shard ordering; AWS uses on-demand capacity. */
  localShardCount: 2,
  retentionHours: 24,
} as const;
