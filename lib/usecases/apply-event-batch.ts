import { mapWithConcurrency } from "../concurrency.js";
import type { CatalogStore } from "../data/catalog-store.js";
import type { ExperimentStore } from "../data/experiment-store.js";
import type { NeighbourStore } from "../data/neighbour-store.js";
import type { OfferCells } from "../data/offer-store.js";
import type { ProfileStore } from "../data/profile-store.js";
import type { QuarantineStore } from "../data/quarantine-store.js";
import { retryOnVersionConflict } from "../data/retry.js";
import type { SeenEventStore } from "../data/seen-event-store.js";
import type { TrendStore } from "../data/trend-store.js";
import type { AffinitySettings } from "../domain/affinity.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, tallyCustomer } from "../domain/co-occurrence.js";
import { itemFeatures } from "../domain/item-features.js";
import { emptyProfile, holdsData } from "../domain/profile.js";
import { interactionSignals } from "../domain/related-pool.js";
import { trendScopes, trendWeight } from "../domain/trending.js";
import type { Offer } from "../schemas/offer.js";
import { AggregateBuffer } from "./aggregate-buffer.js";
import { type BatchFailure, type FailureStage, Failures } from "./batch-failures.js";
import { type DeliveredRecord, planBatch, profileWriteRuns, type ValidRecord } from "./batch-plan.js";
import { type FoldContext, foldCustomer, retireMergedProfiles } from "./fold-customer.js";
import { foldOrder } from "./fold-order.js";
import { seenElsewhere } from "./seen-elsewhere.js";

export type { BatchFailure, FailureStage } from "./batch-failures.js";
export type { DeliveredRecord } from "./batch-plan.js";

export interface ApplyBatchDeps {
  profiles: ProfileStore;
  catalog: CatalogStore;
  quarantine: QuarantineStore;
  neighbours: NeighbourStore;
  trends: TrendStore;
  /** Offers near located events (what a location event may trigger), and offers redeemed by id. */
  offers: OfferCells;
  /** Event ids that left customers' applied-logs within the dedupe window. */
  seen: SeenEventStore;
  /** Where clicks and conversions on tagged responses are recorded for their experiment. */
  experiments: Pick<ExperimentStore, "record" | "recordedImpressions">;
  /** Which aggregates to keep (default: all); their increments are written before the batch returns. */
  aggregates?: AggregateBuffer;
  affinity: AffinitySettings;
  now: () => number;
}

export interface BatchOutcome {
  /** Set when part of the batch must be retried: the first record (in batch order) that was not done. */
  retryFrom?: string;
  applied: number;
  skipped: number;
  quarantined: number;
  /** Aggregate rows (neighbours, trends) whose increments could not be written (counts err low). */
  aggregateUpdatesDropped: number;
  failures: BatchFailure[];
}

const WRITE_CONCURRENCY = 16;
const CONFLICT_RETRIES = 2;
/**
 * The most events one profile write applies (batch-plan.ts, profileWriteRuns): its applied-log then holds at
 * most this many new fingerprints (~12 bytes each), as a batch of one record per event always did.
 */
export const MAX_EVENTS_PER_PROFILE_WRITE = 1_000;

/** An identify's anonymous profile did not take this batch's events: the identify waits for the retry. */
class MergeSourceNotApplied extends Error {
  override name = "MergeSourceNotApplied";
}

/**
 * Applies a batch of stream records to customer profiles with exactly-once effect. Records are grouped by
 * customer so each touched profile is read once (one BatchGet for all) and written once, conditionally, with
 * its applied-log in the same item. A failure for one customer never holds back the others; the outcome
 * names the first record to retry from (anything before it is done for good) and every failure's stage
 * and error name. Aggregates (neighbours, trends) are written before it returns: nothing waits for a
 * later batch.
 */
export async function applyEventBatch(
  records: readonly DeliveredRecord[],
  deps: ApplyBatchDeps,
): Promise<BatchOutcome> {
  const now = deps.now();
  const plan = planBatch(records, now);
  const failures = new Failures();
  const outcome: BatchOutcome = {
    applied: 0,
    skipped: 0,
    quarantined: 0,
    aggregateUpdatesDropped: 0,
    failures: [],
  };
  // Aggregates count only events applied for the first time, after their profile write succeeded: a
  // replay is screened out by the profile's applied-log, so it can never count twice.
  const aggregates = deps.aggregates ?? new AggregateBuffer();
  const tallies = aggregates.collect();

  const { invalid } = plan;
  const quarantined = invalid.length
    ? deps.quarantine.quarantine(invalid.map((i) => i.entry)).then(
        () => {
          outcome.quarantined = invalid.length;
        },
        (error: unknown) => failures.add(invalid[0]?.position ?? 0, "quarantine", error),
      )
    : Promise.resolve();

  // What fails outside any one customer's fold stops the whole batch before its folds: retry it all.
  let batchStage: FailureStage = "shared-reads";
  try {
    const { byCustomer, itemIds, purchasedIds, mergeSources, redeemedOfferIds, locatedCells } = plan;
    const [profiles, items, coViewed, coBought, impressions, nearby, redeemed] = await Promise.all([
      deps.profiles.loadProfiles([...new Set([...byCustomer.keys(), ...mergeSources])]),
      deps.catalog.loadItems([...itemIds]),
      deps.neighbours.loadStrongest(ALSO_VIEWED, [...itemIds]),
      deps.neighbours.loadStrongest(BOUGHT_TOGETHER, [...purchasedIds]),
      deps.experiments.recordedImpressions(plan.outcomes.map((o) => o.fact)),
      locatedCells.size ? deps.offers.readCells([...locatedCells]) : { offers: new Map<string, Offer>() },
      redeemedOfferIds.size ? deps.offers.loadOffers([...redeemedOfferIds]) : new Map<string, Offer>(),
    ]);
    const { visitors, others, identifying } = foldOrder([...byCustomer], mergeSources);
    // A merge whose clean-up an earlier delivery did not finish (a crash, a failed retire) is finished first:
    // the visitor's new events must land on an emptied profile, not on the history already merged.
    batchStage = "merge-cleanup";
    for (const [customerId, list] of identifying) {
      const stored = profiles.get(customerId);
      if (stored) await retireMergedProfiles(stored.state, list, profiles, deps.profiles, now);
    }
    // Experiment outcomes are facts keyed by the response they answer: recording one again changes
    // nothing, so they are recorded for every delivery — fresh, replayed or duplicated alike.
    const attributed = plan.outcomes.filter((o) => impressions.has(o.fact.recommendationId));
    const recorded = attributed.length
      ? deps.experiments.record(attributed.map((o) => o.fact)).catch((error: unknown) => {
          failures.add(Math.min(...attributed.map((o) => o.position)), "experiment-facts", error);
        })
      : Promise.resolve();
    const context: FoldContext = {
      featuresOf: new Map([...items].map(([id, item]) => [id, itemFeatures(item)])),
      relatedOf: ({ itemId, type }) =>
        itemId === undefined
          ? undefined
          : interactionSignals(type, coViewed.get(itemId), coBought.get(itemId)),
      mergeOf: (id) => {
        const anonymous = profiles.get(id);
        return anonymous && holdsData(anonymous.state) ? anonymous : undefined;
      },
      nearbyOffers: nearby.offers,
      offersById: redeemed,
      settings: deps.affinity,
      now,
    };

    // Only catalog items count in aggregates: ids a caller makes up never enter anyone's lists.
    const catalogued = (itemId: string) => items.has(itemId);
    const applyCustomer = async ([customerId, list]: [string, ValidRecord[]]) => {
      // A run that fails stops the customer's later ones: the batch is retried from its first record.
      for (const run of profileWriteRuns(list, MAX_EVENTS_PER_PROFILE_WRITE)) {
        if (!(await applyRun(customerId, run))) return;
      }
    };
    /** Customers one of whose runs failed in this batch: what is written of them is not all of this batch. */
    const failed = new Set<string>();
    /** One profile write's worth of a customer's events; false when it failed (recorded in `failures`). */
    const applyRun = async (customerId: string, list: ValidRecord[]): Promise<boolean> => {
      const first = list[0]?.position ?? 0;
      // An identify merges the anonymous profile as written; if this batch's events for it failed, merging it
      // now would leave them behind for good (retired into an emptied profile): retry both from the earlier.
      if (list.some(({ envelope: { event } }) => event.previousId && failed.has(event.previousId))) {
        failed.add(customerId);
        failures.add(first, "merge-source", new MergeSourceNotApplied());
        return false;
      }
      let current = profiles.get(customerId);
      let stage: FailureStage = "dedupe-lookup";
      let lostRace = false;
      try {
        // Only the profile write can lose a race (VersionConflict): the fold is then redone from the read.
        const folded = await retryOnVersionConflict(CONFLICT_RETRIES + 1, async () => {
          if (lostRace) {
            // Someone else wrote this profile meanwhile (a merge, an erasure): fold again onto what is there now.
            stage = "profile-reread";
            current = await deps.profiles.loadProfile(customerId);
          }
          lostRace = true;
          stage = "dedupe-lookup";
          const seen = await seenElsewhere(customerId, current, list, deps.seen, now);
          const folded = foldCustomer(customerId, current, list, context, seen);
          stage = "dedupe-write";
          // Remembered before the log that forgets them is written: a crash in between leaves a row for an
          // event the stored log still holds, which is harmless.
          if (folded.spilled.length > 0) {
            await deps.seen.remember(customerId, folded.spilled, folded.profile.log.spilledUntil ?? now);
          }
          stage = "profile-write";
          if (folded.changed) {
            await deps.profiles.saveProfile(folded.profile, current?.version ?? 0);
            profiles.set(customerId, folded.profile);
          }
          return folded;
        });
        const before = current?.state ?? emptyProfile(customerId);
        for (const tally of tallies.coOccurrences) {
          tallyCustomer(tally, before, folded.freshEvents, catalogued);
        }
        for (const e of tallies.trends ? folded.freshEvents : []) {
          const item = e.itemId === undefined ? undefined : items.get(e.itemId);
          if (e.itemId === undefined || !item) continue;
          const scopes = trendScopes(e.context?.country, item.categories);
          tallies.trends?.add(scopes, e.itemId, Date.parse(e.timestamp), trendWeight(e.type));
        }
        outcome.applied += folded.applied;
        outcome.skipped += list.length - folded.applied;
        stage = "merge-cleanup";
        // The write is done; emptying merged anonymous profiles is retried with the batch if it fails.
        await retireMergedProfiles(folded.profile.state, list, profiles, deps.profiles, now);
        return true;
      } catch (error) {
        failed.add(customerId);
        failures.add(first, stage, error);
        return false;
      }
    };
    await mapWithConcurrency(visitors, WRITE_CONCURRENCY, applyCustomer);
    await mapWithConcurrency(others, WRITE_CONCURRENCY, applyCustomer);
    for (const entry of identifying) await applyCustomer(entry);
    await recorded;
  } catch (error) {
    // The shared reads, or an unfinished merge's clean-up, failed: no customer's events were written yet.
    failures.add(0, batchStage, error);
  }
  await quarantined;
  outcome.aggregateUpdatesDropped = await aggregates.flush(deps);

  outcome.failures = failures.list();
  if (failures.positions.length > 0) {
    outcome.retryFrom = records[Math.min(...failures.positions)]?.sequenceNumber;
  }
  return outcome;
}
