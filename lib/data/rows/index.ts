/**
 * Every kind of row Kindred stores, one module each (docs/architecture.md, Data model): its key, how it is
 * recognised, and its mapping to and from the stored item. Stores import the module of the kind they use;
 * this index is for what needs them all (tests, backfills).
 */
import { catalogItemRow } from "./catalog-item.js";
import { experimentRow } from "./experiment.js";
import { experimentFactRow } from "./experiment-fact.js";
import { NEIGHBOUR_ROWS } from "./neighbours.js";
import { newArrivalsRow } from "./new-arrivals.js";
import { offerRow } from "./offer.js";
import { offerCellRow } from "./offer-cell.js";
import { placementExperimentRow } from "./placement-experiment.js";
import { placementRulesRow } from "./placement-rules.js";
import { profileRow } from "./profile.js";
import { projectionHeadRow } from "./projection-head.js";
import { projectionShardRow } from "./projection-shard.js";
import { quarantineRow } from "./quarantine.js";
import type { RowKind } from "./row-kind.js";
import { ruleRow } from "./rule.js";
import { seenEventRow } from "./seen-event.js";
import { trendRow } from "./trend.js";

export { catalogItemRow } from "./catalog-item.js";
export { experimentRow } from "./experiment.js";
export { EXPERIMENT_FACT_PREFIX, experimentFactRow } from "./experiment-fact.js";
export { LISTED_ROWS, LISTED_SORT_KEYS, listingKeyOf } from "./listed.js";
export {
  LISTED_KINDS,
  type ListedKind,
  type ListingKey,
  listingKey,
  listingPartitions,
} from "./listing-key.js";
export { NEIGHBOUR_ROWS, neighbourRowOf } from "./neighbours.js";
export { newArrivalsRow } from "./new-arrivals.js";
export { offerRow } from "./offer.js";
export { offerCellRow } from "./offer-cell.js";
export { placementExperimentRow } from "./placement-experiment.js";
export { placementRulesRow } from "./placement-rules.js";
export { profileRow } from "./profile.js";
export { projectionHeadRow } from "./projection-head.js";
export { projectionShardRow } from "./projection-shard.js";
export { quarantineRow } from "./quarantine.js";
export {
  type KeyPattern,
  type RowItem,
  type RowKind,
  type StoredItem,
  type TableKey,
  VERSION_ATTRIBUTE,
} from "./row-kind.js";
export { ruleRow } from "./rule.js";
export { seenEventRow } from "./seen-event.js";
export { trendRow } from "./trend.js";

/** Every kind of row in the table: no two recognise the same key (test/lib/data/row-kinds.test.ts). */
export const ROW_KINDS: readonly RowKind[] = [
  profileRow,
  seenEventRow,
  catalogItemRow,
  newArrivalsRow,
  projectionShardRow,
  projectionHeadRow,
  NEIGHBOUR_ROWS.also_viewed,
  NEIGHBOUR_ROWS.bought_together,
  trendRow,
  experimentRow,
  placementExperimentRow,
  ruleRow,
  placementRulesRow,
  experimentFactRow,
  offerRow,
  offerCellRow,
  quarantineRow,
];
