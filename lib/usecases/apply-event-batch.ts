import { mapWithConcurrency } from "../concurrency.js";
import type { CatalogStore } from "../data/catalog-store.js";
import type { ExperimentFact, ExperimentStore } from "../data/experiment-store.js";
import type { NeighbourStore } from "../data/neighbour-store.js";
import type { OfferCells } from "../data/offer-store.js";
import type { ProfileStore, StoredProfile } from "../data/profile-store.js";
import type { QuarantinedRecord, QuarantineStore } from "../data/quarantine-store.js";
import type { TrendStore } from "../data/trend-store.js";
import type { AffinitySettings } from "../domain/affinity.js";
import { emptyAppliedLog, screenDeliveries } from "../domain/applied-log.js";
import { ALSO_VIEWED, BOUGHT_TOGETHER, tallyCustomer } from "../domain/co-occurrence.js";
import { parseTag } from "../domain/experiment.js";
import { cellOf } from "../domain/geo.js";
import { isAnonymousId } from "../domain/identity.js";
import { itemFeatures } from "../domain/item-features.js";
import {
  applyEvents,
  emptyProfile,
  holdsData,
  type ProfileState,
  personalizationPausedAt,
} from "../domain/profile.js";
import { interactionSignals, type RelatedSignal } from "../domain/related-pool.js";
import { trendScopes, trendWeight } from "../domain/trending.js";
import { Conflict } from "../errors.js";
import type { KindredEvent } from "../schemas/event.js";
import type { Offer } from "../schemas/offer.js";
import { decodeEnvelope, type EventEnvelope } from "../stream/event-record.js";
import { AggregateBuffer } from "./aggregate-buffer.js";

/** One record as the stream delivered it. */
export interface DeliveredRecord {
  shardId: string;
  sequenceNumber: string;
  data: Uint8Array;
}

export interface ApplyBatchDeps {
  profiles: ProfileStore;
  catalog: CatalogStore;
  quarantine: QuarantineStore;
  neighbours: NeighbourStore;
  trends: TrendStore;
  /** Offers near located events: what a location event may trigger. */
  offers: OfferCells;
  /** Where clicks and conversions on tagged responses are recorded for their experiment. */
  experiments: Pick<ExperimentStore, "record" | "recordedImpressions">;
  /**
   * Which aggregates to keep and where their increments wait to be written; a container keeps one across
   * batches. Without one, every aggregate is kept and each batch's increments are written at its end.
   */
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
}

interface Valid {
  position: number;
  record: DeliveredRecord;
  envelope: EventEnvelope;
}

const WRITE_CONCURRENCY = 16;
const CONFLICT_RETRIES = 2;

/**
 * Applies a batch of stream records to customer profiles with exactly-once effect. Records are grouped by
 * customer so each touched profile is read once (one BatchGet for all) and written once, conditionally, with
 * its applied-log in the same item. A failure for one customer never holds back the others; the outcome
 * names the first record to retry from, and anything before it is done for good.
 */
export async function applyEventBatch(
  records: readonly DeliveredRecord[],
  deps: ApplyBatchDeps,
  /** The batch is smaller than the source's batch size: the shard has caught up, so flush aggregates. */
  caughtUp = true,
): Promise<BatchOutcome> {
  const now = deps.now();
  const invalid: { position: number; entry: QuarantinedRecord }[] = [];
  const byCustomer = new Map<string, Valid[]>();
  records.forEach((record, position) => {
    const decoded = decodeEnvelope(record.data);
    if (!decoded.ok) {
      const { shardId, sequenceNumber } = record;
      const entry = {
        shardId,
        sequenceNumber,
        reason: decoded.reason,
        quarantinedAt: now,
      };
      invalid.push({ position, entry });
      return;
    }
    const customerId = decoded.envelope.event.customerId;
    const list = byCustomer.get(customerId) ?? [];
    list.push({ position, record, envelope: decoded.envelope });
    byCustomer.set(customerId, list);
  });

  const failedPositions: number[] = [];
  const outcome: BatchOutcome = { applied: 0, skipped: 0, quarantined: 0, aggregateUpdatesDropped: 0 };
  // Aggregates count only events applied for the first time, after their profile write succeeded: a
  // replay is screened out by the profile's applied-log, so it can never count twice.
  const aggregates = deps.aggregates ?? new AggregateBuffer();
  const tallies = aggregates.collect(now);

  const quarantined = invalid.length
    ? deps.quarantine.quarantine(invalid.map((i) => i.entry)).then(
        () => {
          outcome.quarantined = invalid.length;
        },
        () => {
          failedPositions.push(invalid[0]?.position ?? 0);
        },
      )
    : Promise.resolve();

  try {
    const itemIds = new Set<string>();
    const purchasedIds = new Set<string>();
    // Anonymous profiles that identify events merge into known customers are read with the rest.
    const mergeSources = new Set<string>();
    const locatedCells = new Set<string>();
    for (const list of byCustomer.values()) {
      for (const { envelope } of list) {
        const { itemId, type, previousId } = envelope.event;
        if (itemId) itemIds.add(itemId);
        if (itemId && type === "purchase") purchasedIds.add(itemId);
        if (type === "identify" && previousId && isAnonymousId(previousId)) mergeSources.add(previousId);
        if (type === "location" && envelope.event.location) locatedCells.add(cellOf(envelope.event.location));
      }
    }
    const outcomes = attributableOutcomes(byCustomer);
    const [profiles, items, coViewed, coBought, impressions, nearby] = await Promise.all([
      deps.profiles.loadProfiles([...new Set([...byCustomer.keys(), ...mergeSources])]),
      deps.catalog.loadItems([...itemIds]),
      deps.neighbours.loadStrongest(ALSO_VIEWED, [...itemIds]),
      deps.neighbours.loadStrongest(BOUGHT_TOGETHER, [...purchasedIds]),
      deps.experiments.recordedImpressions(outcomes.map((o) => o.fact)),
      locatedCells.size ? deps.offers.readCells([...locatedCells]) : { offers: new Map<string, Offer>() },
    ]);
    // Experiment outcomes are facts keyed by the response they answer: recording one again changes
    // nothing, so they are recorded for every delivery — fresh, replayed or duplicated alike.
    const attributed = outcomes.filter((o) => impressions.has(o.fact.recommendationId));
    const recorded = attributed.length
      ? deps.experiments.record(attributed.map((o) => o.fact)).catch(() => {
          failedPositions.push(Math.min(...attributed.map((o) => o.position)));
        })
      : Promise.resolve();
    const featuresOf = new Map([...items].map(([id, item]) => [id, itemFeatures(item)]));
    const relatedOf = (event: KindredEvent): RelatedSignal[] | undefined => {
      const { itemId, type } = event;
      if (itemId === undefined) return undefined;
      return interactionSignals(type, coViewed.get(itemId), coBought.get(itemId));
    };

    const context: FoldContext = {
      featuresOf,
      relatedOf,
      mergeOf: (id) => {
        const anonymous = profiles.get(id);
        return anonymous && holdsData(anonymous.state) ? anonymous : undefined;
      },
      nearbyOffers: nearby.offers,
      settings: deps.affinity,
      now,
    };

    const applyCustomer = async ([customerId, list]: [string, Valid[]]) => {
      let current = profiles.get(customerId);
      for (let attempt = 0; ; attempt++) {
        const folded = fold(customerId, current, list, context);
        try {
          if (folded.changed) await deps.profiles.saveProfile(folded.profile, current?.version ?? 0);
          if (folded.changed) profiles.set(customerId, folded.profile);
          const before = current?.state ?? emptyProfile(customerId);
          for (const tally of tallies.coOccurrences) tallyCustomer(tally, before, folded.freshEvents);
          const { trends } = tallies;
          for (const e of trends ? folded.freshEvents : []) {
            if (e.itemId === undefined) continue;
            const scopes = trendScopes(e.context?.country, items.get(e.itemId)?.categories ?? []);
            trends?.add(scopes, e.itemId, Date.parse(e.timestamp), trendWeight(e.type));
          }
          outcome.applied += folded.applied;
          outcome.skipped += list.length - folded.applied;
        } catch (error) {
          if (!(error instanceof Conflict) || attempt >= CONFLICT_RETRIES) {
            failedPositions.push(list[0]?.position ?? 0);
            return;
          }
          // Someone else wrote this profile meanwhile (a merge, an erasure): fold again onto what is there now.
          try {
            current = await deps.profiles.loadProfile(customerId);
          } catch {
            failedPositions.push(list[0]?.position ?? 0);
            return;
          }
          continue;
        }
        // The write is done; emptying merged anonymous profiles is retried with the batch if it fails.
        await retireMergedProfiles(folded.profile.state, list, profiles, deps.profiles, now).catch(() => {
          failedPositions.push(list[0]?.position ?? 0);
        });
        return;
      }
    };
    // Anonymous profiles first: an identify then merges them with this batch's own events included.
    const entries = [...byCustomer];
    await mapWithConcurrency(
      entries.filter(([id]) => mergeSources.has(id)),
      WRITE_CONCURRENCY,
      applyCustomer,
    );
    await mapWithConcurrency(
      entries.filter(([id]) => !mergeSources.has(id)),
      WRITE_CONCURRENCY,
      applyCustomer,
    );
    await recorded;
  } catch {
    // The shared reads failed (store unavailable): nothing was written for any customer; retry it all.
    failedPositions.push(0);
  }
  await quarantined;
  if (aggregates.shouldFlush(deps.now(), caughtUp || deps.aggregates === undefined)) {
    outcome.aggregateUpdatesDropped = await aggregates.flush(deps);
  }

  if (failedPositions.length > 0) {
    const first = Math.min(...failedPositions);
    outcome.retryFrom = records[first]?.sequenceNumber;
  }
  return outcome;
}

/** Clicks (click) and conversions (add to cart, purchase, offer redeemed) naming a tagged recommendation id. */
function attributableOutcomes(byCustomer: ReadonlyMap<string, readonly Valid[]>) {
  const out: { position: number; fact: ExperimentFact }[] = [];
  for (const list of byCustomer.values()) {
    for (const { position, envelope } of list) {
      const { type, recommendationId } = envelope.event;
      const tag = recommendationId === undefined ? undefined : parseTag(recommendationId);
      if (!tag || !recommendationId) continue;
      if (type === "click") out.push({ position, fact: { ...tag, kind: "CLICK", recommendationId } });
      if (type === "add_to_cart" || type === "purchase" || type === "offer_redeemed") {
        out.push({ position, fact: { ...tag, kind: "CONVERSION", recommendationId } });
      }
    }
  }
  return out;
}

interface FoldContext {
  featuresOf: ReadonlyMap<string, readonly string[]>;
  relatedOf: (event: KindredEvent) => RelatedSignal[] | undefined;
  /** The anonymous profile an identify event merges, when it holds anything. */
  mergeOf: (customerId: string) => StoredProfile | undefined;
  /** Offers in the cells of this batch's location events. */
  nearbyOffers: ReadonlyMap<string, Offer>;
  settings: AffinitySettings;
  now: number;
}

/**
 * After a customer's write: each anonymous profile merged into it (now or in an earlier delivery whose
 * clean-up a crash interrupted) is emptied, if it is still the version that was merged. Its applied-log is
 * kept so a replay of its own events cannot bring them back. Losing the race to a newer write leaves the
 * newer anonymous activity in place, for a later identify to merge.
 */
async function retireMergedProfiles(
  state: ProfileState,
  list: readonly Valid[],
  profiles: ReadonlyMap<string, StoredProfile>,
  store: ProfileStore,
  now: number,
): Promise<void> {
  for (const { envelope } of list) {
    const anonymousId = envelope.event.type === "identify" ? envelope.event.previousId : undefined;
    const anonymous = anonymousId === undefined ? undefined : profiles.get(anonymousId);
    if (!anonymousId || !anonymous || !holdsData(anonymous.state)) continue;
    if (state.mergedFrom?.[anonymousId] !== anonymous.version) continue;
    const emptied = {
      state: emptyProfile(anonymousId),
      log: anonymous.log,
      version: anonymous.version + 1,
      updatedAt: now,
    };
    await store.saveProfile(emptied, anonymous.version).catch((error: unknown) => {
      if (!(error instanceof Conflict)) throw error;
    });
  }
}

/**
 * Screens a customer's records against their applied-log and folds the fresh ones. Fresh events from before
 * an erasure (by event time or by arrival) are recorded as applied and otherwise ignored. Events from while
 * personalization was off go to the fold, which keeps only what must count regardless (redemptions toward
 * an offer's cap), and stay out of the aggregates.
 */
function fold(
  customerId: string,
  stored: StoredProfile | undefined,
  list: readonly Valid[],
  context: FoldContext,
): { profile: StoredProfile; changed: boolean; applied: number; freshEvents: KindredEvent[] } {
  const { featuresOf, relatedOf, mergeOf, nearbyOffers, settings, now } = context;
  const screened = screenDeliveries(
    stored?.log ?? emptyAppliedLog(),
    list.map((v) => ({
      shardId: v.record.shardId,
      sequenceNumber: v.record.sequenceNumber,
      eventId: v.envelope.event.eventId,
      event: v.envelope.event,
    })),
  );
  const changed = screened.redeliveries.length < list.length;
  const before = stored?.state ?? emptyProfile(customerId);
  const receivedAt = new Map(list.map((v) => [v.record.sequenceNumber, v.envelope.receivedAt]));
  const erasedAt = before.erasedAt ?? Number.NEGATIVE_INFINITY;
  const kept = screened.fresh.filter(
    ({ event, sequenceNumber }) =>
      Date.parse(event.timestamp) >= erasedAt && (receivedAt.get(sequenceNumber) ?? 0) >= erasedAt,
  );
  const state = applyEvents(
    before,
    kept.map(({ event }) => ({
      event,
      features: event.itemId === undefined ? undefined : featuresOf.get(event.itemId),
      related: relatedOf(event),
      merge: event.type === "identify" && event.previousId ? mergeOf(event.previousId) : undefined,
      nearbyOffers: event.type === "location" ? nearbyOffers.values() : undefined,
    })),
    settings,
  );
  return {
    profile: {
      state,
      log: screened.log,
      version: (stored?.version ?? 0) + 1,
      updatedAt: changed ? now : (stored?.updatedAt ?? now),
    },
    changed,
    applied: screened.fresh.length,
    freshEvents: kept
      .map((f) => f.event)
      .filter((e) => !personalizationPausedAt(before, Date.parse(e.timestamp))),
  };
}
