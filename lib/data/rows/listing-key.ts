import { createHash } from "node:crypto";

/** The listing index's key of a listed row (TABLE_DEFINITION.listingIndex): a shard of its kind, and its id. */
export interface ListingKey {
  lpk: string;
  lsk: string;
}

/**
 * What admins list, each spread over shards of the listing index so that a bulk upsert never makes one hot
 * index partition (DynamoDB writes at most 1,000 units a second to a partition): a listing page reads every
 * shard of its kind in parallel. Experiments and rules are few and written one at a time: one shard.
 */
export const LISTED_KINDS = { items: 16, offers: 4, experiments: 1, rules: 1 } as const;
export type ListedKind = keyof typeof LISTED_KINDS;

const listingShardOf = (kind: ListedKind, id: string) =>
  createHash("sha256").update(id).digest().readUInt16BE(0) % LISTED_KINDS[kind];

/** Where a catalog item, offer, experiment definition or rule sits in the listing index: written with its row. */
export const listingKey = (kind: ListedKind, id: string): ListingKey => ({
  lpk: `LIST#${kind}#${listingShardOf(kind, id)}`,
  lsk: id,
});

/** Every listing-index partition of a kind, in shard order. */
export const listingPartitions = (kind: ListedKind): string[] =>
  Array.from({ length: LISTED_KINDS[kind] }, (_, shard) => `LIST#${kind}#${shard}`);
