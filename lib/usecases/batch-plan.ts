import type { ExperimentFact } from "../data/experiment-store.js";
import type { QuarantinedRecord } from "../data/quarantine-store.js";
import { parseTag } from "../domain/experiment.js";
import { cellOf } from "../domain/geo.js";
import { isAnonymousId } from "../domain/identity.js";
import { EVENT_TYPE_BEHAVIOUR, type EventTypeBehaviour } from "../schemas/event-types.js";
import { decodeRecord, type EventEnvelope } from "../stream/event-record.js";

/** One record as the stream delivered it. */
export interface DeliveredRecord {
  shardId: string;
  sequenceNumber: string;
  data: Uint8Array;
}

/**
 * A valid event and the record that brought it, with the record's place in the batch (a grouped record
 * gives one per valid event, all at the record's place).
 */
export interface ValidRecord {
  position: number;
  record: DeliveredRecord;
  envelope: EventEnvelope;
}

/** What a batch holds and what must be read before any customer's events can be folded. */
export interface BatchPlan {
  /**
   * Records that can never be applied, to quarantine — and grouped records with some invalid events: their
   * valid events are applied all the same, the entry names the invalid ones.
   */
  invalid: { position: number; entry: QuarantinedRecord }[];
  /** Valid events per customer, in stream order (and within a grouped record, in its order). */
  byCustomer: Map<string, ValidRecord[]>;
  /** Items named by the batch's events (catalog entries and their neighbour rows). */
  itemIds: Set<string>;
  /** Items bought in the batch (their bought-together rows). */
  purchasedIds: Set<string>;
  /** Anonymous profiles that identify events merge into known customers. */
  mergeSources: Set<string>;
  /** Offers redeemed in the batch: only ones that exist count. */
  redeemedOfferIds: Set<string>;
  /** Geohash cells of located events (offers they may trigger). */
  locatedCells: Set<string>;
  /** Clicks and conversions on tagged responses, as experiment facts. */
  outcomes: { position: number; fact: ExperimentFact }[];
}

/** Decodes, validates and groups a batch, and lists what its first read wave must fetch. Pure. */
export function planBatch(records: readonly DeliveredRecord[], now: number): BatchPlan {
  const plan: BatchPlan = {
    invalid: [],
    byCustomer: new Map(),
    itemIds: new Set(),
    purchasedIds: new Set(),
    mergeSources: new Set(),
    redeemedOfferIds: new Set(),
    locatedCells: new Set(),
    outcomes: [],
  };
  records.forEach((record, position) => {
    const decoded = decodeRecord(record.data);
    const { shardId, sequenceNumber } = record;
    const reason = !decoded.ok
      ? decoded.reason
      : decoded.invalid.length > 0
        ? `${decoded.invalid.length} of ${decoded.eventCount} events invalid (the others applied): ${decoded.invalid.slice(0, 3).join("; ")}`
        : undefined;
    if (reason !== undefined) {
      plan.invalid.push({ position, entry: { shardId, sequenceNumber, reason, quarantinedAt: now } });
    }
    if (!decoded.ok) return;
    for (const envelope of decoded.envelopes) addEvent(plan, { position, record, envelope });
  });
  return plan;
}

/** Files one valid event under its customer and notes what the first read wave must fetch for it. */
function addEvent(plan: BatchPlan, valid: ValidRecord): void {
  const { position, envelope } = valid;
  const { event } = envelope;
  const list = plan.byCustomer.get(event.customerId) ?? [];
  list.push(valid);
  plan.byCustomer.set(event.customerId, list);
  const { itemId, previousId } = event;
  const { prefetch, attribution } = EVENT_TYPE_BEHAVIOUR[event.type];
  if (itemId) plan.itemIds.add(itemId);
  if (itemId && prefetch.includes("coBoughtRow")) plan.purchasedIds.add(itemId);
  if (prefetch.includes("mergeSource") && previousId && isAnonymousId(previousId)) {
    plan.mergeSources.add(previousId);
  }
  if (prefetch.includes("redeemedOffer") && event.offerId) plan.redeemedOfferIds.add(event.offerId);
  if (prefetch.includes("offerCells") && event.location) plan.locatedCells.add(cellOf(event.location));
  const outcome = attributableOutcome(attribution, event.recommendationId);
  if (outcome) plan.outcomes.push({ position, fact: outcome });
}

/**
 * A click or conversion (the event type's `attribution`, lib/schemas/event-types.ts) naming a tagged
 * recommendation id.
 */
function attributableOutcome(
  kind: EventTypeBehaviour["attribution"],
  recommendationId: string | undefined,
): ExperimentFact | undefined {
  const tag = recommendationId === undefined ? undefined : parseTag(recommendationId);
  if (!tag || !recommendationId || kind === null) return undefined;
  return { ...tag, kind, recommendationId };
}

/**
 * One customer's events (stream order) cut into runs of whole records holding at most `maxEvents` events
 * each (a single record holding more is a run of its own). Each run is one profile write: the write's
 * applied-log keeps every fingerprint it applies, so a customer's backfill — hundreds of grouped records in
 * one batch — would otherwise pass DynamoDB's 400 KB item limit and never be written. A grouped record's
 * events share a sequence number and are never split: a record is applied whole or not at all. A later run's
 * co-occurrences are tallied against the profile as the earlier run left it, as a later batch's are: in time
 * order the pairs are the same as in one run; out of time order, pairs with items past the newest 50 recent
 * ones are not counted (never counted twice).
 */
export function profileWriteRuns(list: readonly ValidRecord[], maxEvents: number): ValidRecord[][] {
  const runs: ValidRecord[][] = [];
  let run: ValidRecord[] = [];
  let i = 0;
  while (i < list.length) {
    let end = i + 1;
    while (end < list.length && list[end]?.record === list[i]?.record) end++;
    const recordEvents = list.slice(i, end);
    if (run.length > 0 && run.length + recordEvents.length > maxEvents) {
      runs.push(run);
      run = [];
    }
    run.push(...recordEvents);
    i = end;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
