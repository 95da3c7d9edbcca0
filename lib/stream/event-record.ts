import { z } from "zod";
import { eventSchema, type KindredEvent } from "../schemas/event.js";

/**
 * The envelopes events travel in on the stream; `v` lets consumers refuse what they cannot read.
 * - v1: one event per record, `{ v: 1, receivedAt, event }`.
 * - v2 (grouped): one customer's events of one ingest request, in request order,
 *   `{ v: 2, receivedAt, events: [...] }` (lib/stream/grouped-records.ts builds them).
 * Every release from 0.2.0 reads both; which one ingest writes is a deployment setting
 * (KINDRED_STREAM_RECORDS).
 */
const singleSchema = z.object({
  v: z.literal(1),
  receivedAt: z.number().int().positive(),
  event: eventSchema,
});

// Events are validated one by one below, so that one bad event does not cost the group's good ones.
const groupSchema = z.object({
  v: z.literal(2),
  receivedAt: z.number().int().positive(),
  events: z.array(z.unknown()).min(1).max(500),
});

export interface EventEnvelope {
  receivedAt: number;
  event: KindredEvent;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A v1 record: one event. */
export function encodeEnvelope(envelope: EventEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify({ v: 1, ...envelope }));
}

/**
 * A record read back: the valid events it holds (in record order) and, for a grouped record, what is
 * wrong with each invalid one (`invalid`, by `events.<index>` path). Not ok: nothing in it can be applied.
 */
export type DecodeResult =
  | { ok: true; envelopes: EventEnvelope[]; invalid: string[]; eventCount: number }
  | { ok: false; reason: string };

/**
 * Decodes and re-validates a record: the stream is a trust boundary too (other producers may write to it).
 * A grouped record is refused whole when no event in it is valid, or when its valid events name more than
 * one customer (it travelled under one partition key: the other customers' order would not be kept).
 */
export function decodeRecord(data: Uint8Array): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(data));
  } catch {
    return { ok: false, reason: "payload is not UTF-8 JSON" };
  }
  const version = typeof raw === "object" && raw !== null ? (raw as { v?: unknown }).v : undefined;
  if (version === 2) return decodeGroup(raw);
  const parsed = singleSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describe(parsed.error.issues) };
  const { receivedAt, event } = parsed.data;
  return { ok: true, envelopes: [{ receivedAt, event }], invalid: [], eventCount: 1 };
}

function decodeGroup(raw: unknown): DecodeResult {
  const parsed = groupSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describe(parsed.error.issues) };
  const { receivedAt, events } = parsed.data;
  const envelopes: EventEnvelope[] = [];
  const invalid: string[] = [];
  events.forEach((candidate, index) => {
    const event = eventSchema.safeParse(candidate);
    if (event.success) envelopes.push({ receivedAt, event: event.data });
    else invalid.push(describe(event.error.issues, ["events", index]));
  });
  if (envelopes.length === 0)
    return { ok: false, reason: `no valid event: ${invalid.slice(0, 3).join("; ")}` };
  const customers = new Set(envelopes.map((e) => e.event.customerId));
  if (customers.size > 1) {
    return { ok: false, reason: `events of ${customers.size} customers in one grouped record` };
  }
  return { ok: true, envelopes, invalid, eventCount: events.length };
}

/**
 * What is wrong, by field path and zod issue code, and for the schema's own rules (`custom` issues) their
 * message: a quarantine row keeps the reason for 14 days where erasure never reaches, and zod's messages may
 * quote the input (an unknown key's name is whatever the producer wrote), while the rules' messages are
 * Kindred's constants ("required for view events" and "not for message_sent events" tell opposite faults
 * apart). The paths are the schema's own field names and array indexes (the event schema has no free-form keys).
 */
function describe(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[] = []): string {
  return issues
    .slice(0, 5)
    .map(
      (i) =>
        `${[...prefix, ...i.path.map(String)].join(".") || "(record)"}: ${i.code === "custom" ? i.message : i.code}`,
    )
    .join("; ");
}
