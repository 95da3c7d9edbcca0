import { padSequence } from "../domain/applied-log.js";

/** Every DynamoDB key Kindred writes is built here, so access patterns can be read off one page. */
export interface TableKey {
  pk: string;
  sk: string;
}

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
  /** An item's co-occurrence counts for one relation (COVIEW, COBUY), beside its catalog entry. */
  neighbours: (rowKey: string, itemId: string): TableKey => ({ pk: `ITEM#${itemId}`, sk: rowKey }),
  /** Trending counters of one scope (`<country|*>#<category|*>`). */
  trend: (scope: string): TableKey => ({ pk: `TREND#${scope}`, sk: "TREND" }),
  /** An experiment's definition. */
  experiment: (experimentId: string): TableKey => ({ pk: `EXPERIMENT#${experimentId}`, sk: "DEFINITION" }),
  /** The experiment running on a placement, if any: read with a list's first round trip. */
  placement: (placement: string): TableKey => ({ pk: `PLACEMENT#${placement}`, sk: "RUNNING" }),
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
};
