import type { KindredEvent } from "../schemas/event.js";
import type { StreamRecordInput } from "./event-publisher.js";
import { encodeEnvelope } from "./event-record.js";

/**
 * What ingest writes to the stream per request (KINDRED_STREAM_RECORDS): `event`, one v1 record per event
 * (what every release reads), or `customer`, one v2 record per customer (what releases from 0.2.0 read;
 * lib/stream/event-record.ts).
 */
export type StreamRecordFormat = "event" | "customer";

/**
 * The largest grouped record written, in bytes of data. Kinesis takes up to 1 MiB, but on-demand streams bill
 * each record rounded up to 1 KB only, so once a group is past a few KB, bigger records save nothing. Kept
 * small so that one record stays a small part of what a consumer invocation may carry (Lambda stops a batch
 * at 6 MB of payload, base64 included) and of a shard's 1 MB/s of writes. A request body is at most 1 MiB,
 * so a customer's group splits into at most ~17 records, and a request never needs more than its event
 * count of records (PutRecords: ≤ 500 records, ≤ 5 MB).
 */
export const MAX_GROUPED_RECORD_BYTES = 64 * 1024;

/** A record to publish and the slots (indexes into the events given) whose events it carries. */
export interface PlannedRecord {
  record: StreamRecordInput;
  slots: number[];
}

const encoder = new TextEncoder();

/**
 * The records for one request's events (already deduplicated), keyed by customer id. `customer`: each
 * customer's events in the order given, split where a record would pass `maxBytes` (a single larger event
 * still gets a record of its own, as a v1 record would).
 */
export function planRecords(
  events: readonly KindredEvent[],
  receivedAt: number,
  format: StreamRecordFormat,
  maxBytes = MAX_GROUPED_RECORD_BYTES,
): PlannedRecord[] {
  if (format === "event") {
    return events.map((event, slot) => ({
      record: { partitionKey: event.customerId, data: encodeEnvelope({ receivedAt, event }) },
      slots: [slot],
    }));
  }
  const slotsByCustomer = new Map<string, number[]>();
  events.forEach((event, slot) => {
    const slots = slotsByCustomer.get(event.customerId) ?? [];
    slots.push(slot);
    slotsByCustomer.set(event.customerId, slots);
  });
  const head = `{"v":2,"receivedAt":${JSON.stringify(receivedAt)},"events":[`;
  const overhead = encoder.encode(head).length + 2;
  const planned: PlannedRecord[] = [];
  for (const [customerId, slots] of slotsByCustomer) {
    let parts: string[] = [];
    let chunk: number[] = [];
    let size = overhead;
    const flush = () => {
      const data = encoder.encode(`${head}${parts.join(",")}]}`);
      planned.push({ record: { partitionKey: customerId, data }, slots: chunk });
      parts = [];
      chunk = [];
      size = overhead;
    };
    for (const slot of slots) {
      const part = JSON.stringify(events[slot]);
      const bytes = encoder.encode(part).length;
      if (parts.length > 0 && size + 1 + bytes > maxBytes) flush();
      size += (parts.length > 0 ? 1 : 0) + bytes;
      parts.push(part);
      chunk.push(slot);
    }
    if (parts.length > 0) flush();
  }
  return planned;
}
