import { createHash } from "node:crypto";
import { padSequence } from "../domain/applied-log.js";

/** Every DynamoDB key Kindred writes is built here, so access patterns can be read off one page. */
export interface TableKey {
  pk: string;
  sk: string;
}

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

/** Experiment fact rows start with this; list functions may write only such rows (an IAM condition). */
export const EXPERIMENT_FACT_PREFIX = "EXPFACT#";

export const keys = {
  /** One item per customer: profile state plus its applied-log, written together. Anything else about
   * the customer lives under the same partition key, so erasure finds it with one Query. */
  profile: (customerId: string): TableKey => ({ pk: `CUSTOMER#${customerId}`, sk: "PROFILE" }),
  /** An event id (its fingerprint) that left the profile's applied-log, remembered for the dedupe window. */
  seenEvent: (customerId: string, fingerprint: string): TableKey => ({
    pk: `CUSTOMER#${customerId}`,
    sk: `SEEN#${fingerprint}`,
  }),
  /** One item per catalog item. */
  catalogItem: (itemId: string): TableKey => ({ pk: `ITEM#${itemId}`, sk: "ITEM" }),
  /** The newest items of the catalog (bounded), where lists find items too new for co-occurrences. */
  newArrivals: (): TableKey => ({ pk: "CATALOG", sk: "NEW_ARRIVALS" }),
  /**
   * One shard of the catalog projection (catalog-projection.ts): what lists need of the items whose id
   * hashes to it, in one row, so lists never read catalog entries one by one.
   */
  catalogShard: (shard: number): TableKey => ({ pk: `CATALOG#${shard}`, sk: "PROJECTION" }),
  /** The latest version of every projection shard, read by each serving process at most once a second. */
  catalogHead: (): TableKey => ({ pk: "CATALOG", sk: "PROJECTION_HEAD" }),
  /** An item's co-occurrence counts for one relation (COVIEW, COBUY), beside its catalog entry. */
  neighbours: (rowKey: string, itemId: string): TableKey => ({ pk: `ITEM#${itemId}`, sk: rowKey }),
  /** Trending counters of one scope (`<country|*>#<category|*>`). */
  trend: (scope: string): TableKey => ({ pk: `TREND#${scope}`, sk: "TREND" }),
  /** An experiment's definition. */
  experiment: (experimentId: string): TableKey => ({ pk: `EXPERIMENT#${experimentId}`, sk: "DEFINITION" }),
  /** The experiment running on a placement, if any: read with a list's first round trip. */
  placement: (placement: string): TableKey => ({ pk: `PLACEMENT#${placement}`, sk: "RUNNING" }),
  /** A business rule as the merchandiser defined it. */
  rule: (ruleId: string): TableKey => ({ pk: `RULE#${ruleId}`, sk: "RULE" }),
  /**
   * The rules of a placement (`*`: of every placement) that apply now or later, in one bounded row: read
   * with a list's first round trip, beside the placement's running experiment.
   */
  placementRules: (placement: string): TableKey => ({ pk: `PLACEMENT#${placement}`, sk: "RULES" }),
  /**
   * One fact of an experiment (an impression, a click or a conversion of one tagged response), keyed by
   * the response's id so that recording it again changes nothing. Spread over `shard` partitions per
   * variant and kind, so a popular experiment is never one hot key.
   */
  experimentFact: (
    experimentId: string,
    variant: string,
    kind: string,
    shard: number,
    recommendationId: string,
  ): TableKey => ({
    pk: `${EXPERIMENT_FACT_PREFIX}${experimentId}#${variant}#${kind}#${shard}`,
    sk: recommendationId,
  }),
  /** An offer as the admin defined it, with the cells it is indexed in. */
  offer: (offerId: string): TableKey => ({ pk: `OFFER#${offerId}`, sk: "OFFER" }),
  /** The offers whose area touches a 4-character geohash cell, split over shards so a dense city stays bounded. */
  offerCell: (cell: string, shard: number): TableKey => ({ pk: `CELL#${cell}#${shard}`, sk: "OFFERS" }),
  /** Records that can never be applied, grouped by shard and ordered by sequence number. */
  quarantine: (shardId: string, sequenceNumber: string): TableKey => ({
    pk: `QUARANTINE#${shardId}`,
    sk: padSequence(sequenceNumber),
  }),
  /** Where a catalog item, offer or experiment definition sits in the listing index: written with its row. */
  listing: (kind: ListedKind, id: string): ListingKey => ({
    lpk: `LIST#${kind}#${listingShardOf(kind, id)}`,
    lsk: id,
  }),
  /** Every listing-index partition of a kind, in shard order. */
  listingPartitions: (kind: ListedKind): string[] =>
    Array.from({ length: LISTED_KINDS[kind] }, (_, shard) => `LIST#${kind}#${shard}`),
};

/** The rows that are listed, by their sort key, with the attribute that holds their id (for backfills). */
const LISTED_ROWS = new Map<string, { kind: ListedKind; pkPrefix: string }>([
  ["ITEM", { kind: "items", pkPrefix: "ITEM#" }],
  ["OFFER", { kind: "offers", pkPrefix: "OFFER#" }],
  ["DEFINITION", { kind: "experiments", pkPrefix: "EXPERIMENT#" }],
  ["RULE", { kind: "rules", pkPrefix: "RULE#" }],
]);

/** The listing key a stored row should carry, if it is a listed row (a catalog item, offer, experiment or rule). */
export function listingKeyOf(row: { pk?: unknown; sk?: unknown }): ListingKey | undefined {
  const listed = LISTED_ROWS.get(String(row.sk));
  const pk = String(row.pk);
  if (!listed || !pk.startsWith(listed.pkPrefix)) return undefined;
  return keys.listing(listed.kind, pk.slice(listed.pkPrefix.length));
}

/** Sort keys of the listed rows, for a backfill's filter. */
export const LISTED_SORT_KEYS = [...LISTED_ROWS.keys()];
