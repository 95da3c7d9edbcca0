import type { APIGatewayProxyStructuredResultV2, KinesisStreamRecord } from "aws-lambda";
import { pseudonym } from "../../functions/log.js";
import { decodeRecord } from "../../lib/stream/event-record.js";

/**
 * One accepted event as the console's live view shows it: what happened and where, with the customer id
 * pseudonymised exactly as the logs do it, and nothing personal beyond that (no coordinates, search
 * queries, amounts, ids of previous identities or tokens).
 */
export interface LiveEvent {
  /** The event's own time. */
  at: string;
  /** When the API accepted it. */
  receivedAt: string;
  type: string;
  customer: string;
  itemId?: string;
  itemCount?: number;
  offerId?: string;
  channel?: string;
  country?: string;
}

/**
 * The latest events accepted onto the stream, kept in memory by local mode only, newest first. Fed by the
 * stream poller before each batch reaches the consumer: a batch retried by the poller is seen again, so
 * records are remembered by sequence number and counted once.
 */
export class LiveEventLog {
  private readonly events: { sequence: string; event: LiveEvent }[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100) {}

  record(records: readonly KinesisStreamRecord[]): void {
    for (const record of records) {
      const sequence = record.kinesis.sequenceNumber;
      if (this.seen.has(sequence)) continue;
      const decoded = decodeRecord(Buffer.from(record.kinesis.data, "base64"));
      // What the consumer will quarantine was never a readable event: nothing to show.
      if (!decoded.ok) continue;
      this.seen.add(sequence);
      // A grouped record's events in its order: the last of them ends up newest.
      for (const { event, receivedAt } of decoded.envelopes) {
        this.events.unshift({
          sequence,
          event: {
            at: event.timestamp,
            receivedAt: new Date(receivedAt).toISOString(),
            type: event.type,
            customer: pseudonym(event.customerId),
            ...(event.itemId !== undefined ? { itemId: event.itemId } : {}),
            ...(event.itemIds !== undefined ? { itemCount: event.itemIds.length } : {}),
            ...(event.offerId !== undefined ? { offerId: event.offerId } : {}),
            ...(event.channel !== undefined ? { channel: event.channel } : {}),
            ...(event.context?.country !== undefined ? { country: event.context.country } : {}),
          },
        });
      }
      while (this.events.length > this.capacity) {
        const dropped = this.events.pop();
        // Forgotten once none of its events is kept (a grouped record's are side by side).
        if (dropped && this.events.at(-1)?.sequence !== dropped.sequence) this.seen.delete(dropped.sequence);
      }
    }
  }

  latest(limit: number): LiveEvent[] {
    return this.events.slice(0, limit).map((e) => e.event);
  }

  /** `GET /local/events?limit=` (admin): `{ events: LiveEvent[] }`, newest first, at most 100. */
  readonly route = async (url: URL): Promise<APIGatewayProxyStructuredResultV2> => {
    const asked = Number(url.searchParams.get("limit") ?? 50);
    const limit = Number.isInteger(asked) ? Math.min(Math.max(asked, 1), this.capacity) : 50;
    return {
      statusCode: 200,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: JSON.stringify({ events: this.latest(limit) }),
    };
  };
}
