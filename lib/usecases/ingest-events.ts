import { maySendEventsFor, type Principal, requireAnyScope } from "../auth/principal.js";
import type { VisitorProof } from "../auth/visitor-proof.js";
import { ANONYMOUS_ID_PREFIX, isAnonymousId } from "../domain/identity.js";
import { DependencyUnavailable, type FieldIssue, Forbidden, InvalidInput } from "../errors.js";
import { type EventsResponse, eventSchema, type KindredEvent, MAX_FUTURE_SKEW_MS } from "../schemas/event.js";
import { toFieldIssues } from "../schemas/issues.js";
import type { EventPublisher } from "../stream/event-publisher.js";
import { planRecords, type StreamRecordFormat } from "../stream/grouped-records.js";

export interface IngestDeps {
  publisher: EventPublisher;
  /** Checks the visitor token an `identify` sent with a `customer` token carries for its `previousId`. */
  visitorProof: VisitorProof;
  now: () => number;
  /** One record per event (default) or per customer and request (KINDRED_STREAM_RECORDS). */
  streamRecords?: StreamRecordFormat;
}

/**
 * What only some tokens may send. `message_sent` records what the sending system sent: only `ingest` and
 * `admin` tokens report it. An `identify` merges the anonymous history of `previousId` into `customerId`. Anonymous ids are no
 * secret (they travel in every event), so a `customer` token must also show it holds `previousId`: a
 * visitor token for it in `previousToken`. Server-side producers (`ingest`, `admin`) are trusted to know who
 * their customers were. The token never goes further than this check.
 */
async function proveIdentify(
  principal: Principal,
  checked: Checked,
  index: number,
  proof: VisitorProof,
): Promise<Checked> {
  if (!checked.ok) return checked;
  const trusted = principal.scopes.has("ingest") || principal.scopes.has("admin");
  // A send is the sending system's fact: a customer reporting their own would steer what they are sent.
  if (checked.event.type === "message_sent" && !trusted) {
    return {
      ok: false,
      errors: [
        {
          path: `events.${index}.type`,
          message: "message_sent is reported by the sending system (ingest or admin)",
        },
      ],
    };
  }
  if (checked.event.type !== "identify") return checked;
  const { previousToken, ...event } = checked.event;
  if (trusted) return { ok: true, event };
  const path = `events.${index}.previousToken`;
  if (previousToken === undefined) {
    return {
      ok: false,
      errors: [{ path, message: "required with a customer token: the visitor token of previousId" }],
    };
  }
  if ((await proof.subjectOf(previousToken)) !== event.previousId) {
    return { ok: false, errors: [{ path, message: "is not a valid visitor token for previousId" }] };
  }
  return { ok: true, event };
}

type Checked = { ok: true; event: KindredEvent } | { ok: false; errors: FieldIssue[] };

function checkEvent(raw: unknown, index: number, now: number): Checked {
  const parsed = eventSchema.safeParse(raw);
  const errors = parsed.success ? [] : toFieldIssues(parsed.error, ["events", index]);
  const timestamp = parsed.success ? parsed.data.timestamp : field(raw, "timestamp");
  const timestampPath = `events.${index}.timestamp`;
  if (
    typeof timestamp === "string" &&
    Date.parse(timestamp) > now + MAX_FUTURE_SKEW_MS &&
    !errors.some((e) => e.path === timestampPath)
  ) {
    errors.push({ path: timestampPath, message: "must not be more than 5 minutes in the future" });
  }
  const previousId = parsed.success ? parsed.data.previousId : undefined;
  if (parsed.success && parsed.data.type === "identify" && previousId && !isAnonymousId(previousId)) {
    errors.push({
      path: `events.${index}.previousId`,
      message: `only an anonymous id (${ANONYMOUS_ID_PREFIX}…) merges; merging known customers is POST /v1/customers/{customerId}/merge (admin)`,
    });
  }
  return parsed.success && errors.length === 0 ? { ok: true, event: parsed.data } : { ok: false, errors };
}

function field(raw: unknown, name: string): unknown {
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)[name] : undefined;
}

/**
 * Validates each event on its own, publishes the valid ones keyed by customer (so each customer's events
 * stay in order on one shard) — one record per event, or per customer as `deps.streamRecords` says — and
 * accounts for every index exactly once: accepted, rejected or failed (every index of a grouped record that
 * could not be written is failed). Copies of one (`customerId`, `eventId`) within a request are published
 * once; the consumer drops later copies too.
 */
export async function ingestEvents(
  principal: Principal,
  rawEvents: readonly unknown[],
  deps: IngestDeps,
): Promise<EventsResponse> {
  requireAnyScope(principal, "customer", "ingest", "admin");
  const now = deps.now();
  const checkedAll = await Promise.all(
    rawEvents.map((raw, index) =>
      proveIdentify(principal, checkEvent(raw, index, now), index, deps.visitorProof),
    ),
  );
  // Ownership is judged on the parsed (normalised) id; an event that is invalid anyway is only rejected.
  for (const checked of checkedAll) {
    if (checked.ok && !maySendEventsFor(principal, checked.event.customerId)) {
      throw new Forbidden("A customer token may only send events for its own customer id.");
    }
  }

  const rejected: EventsResponse["rejected"] = [];
  const toPublish: KindredEvent[] = [];
  const slotByEventId = new Map<string, number>();
  const slotOfIndex = new Map<number, number>();
  checkedAll.forEach((checked, index) => {
    if (!checked.ok) {
      rejected.push({ index, errors: checked.errors });
      return;
    }
    // Dedupe is per customer: two customers may well pick the same event id.
    const key = JSON.stringify([checked.event.customerId, checked.event.eventId]);
    let slot = slotByEventId.get(key);
    if (slot === undefined) {
      slot = toPublish.push(checked.event) - 1;
      slotByEventId.set(key, slot);
    }
    slotOfIndex.set(index, slot);
  });

  if (toPublish.length === 0) {
    throw new InvalidInput(
      rejected.flatMap((r) => r.errors),
      "No event in the request is valid.",
    );
  }

  const planned = planRecords(toPublish, now, deps.streamRecords ?? "event");
  const published = await deps.publisher.publish(planned.map((p) => p.record));
  if (!published.some(Boolean)) throw new DependencyUnavailable("The event stream is not accepting records.");
  // A grouped record is on the stream whole or not at all: each of its events shares its fate.
  const stored = toPublish.map(() => false);
  planned.forEach(({ slots }, i) => {
    for (const slot of slots) stored[slot] = published[i] === true;
  });

  let accepted = 0;
  const failed: EventsResponse["failed"] = [];
  for (const [index, slot] of slotOfIndex) {
    if (stored[slot]) accepted++;
    else failed.push({ index, retryable: true });
  }
  return { accepted, rejected, failed };
}
