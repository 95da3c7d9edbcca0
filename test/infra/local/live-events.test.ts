import { describe, expect, it } from "vitest";
import { pseudonym } from "../../../functions/log.js";
import { kinesisEvent } from "../../../infra/local/kinesis-event.js";
import { LiveEventLog } from "../../../infra/local/live-events.js";
import { encodeEnvelope } from "../../../lib/stream/event-record.js";

const at = "2026-11-29T10:00:00.000Z";
const record = (sequence: string, event: Record<string, unknown>) => ({
  SequenceNumber: sequence,
  PartitionKey: String(event.customerId),
  Data: encodeEnvelope({ receivedAt: Date.parse(at), event: event as never }),
});
const batch = (...records: ReturnType<typeof record>[]) =>
  kinesisEvent("arn:aws:kinesis:us-east-1:000000000000:stream/s", "shardId-0", records).Records;

describe("the console's live events (local mode)", () => {
  it("keeps the latest events newest first, customers pseudonymised as in logs, and nothing personal", () => {
    const log = new LiveEventLog(2);
    log.record(
      batch(
        record("1", { eventId: "e1", type: "view", customerId: "alice", itemId: "tent-1", timestamp: at }),
        record("2", {
          eventId: "e2",
          type: "location",
          customerId: "alice",
          timestamp: at,
          location: { lat: 52.52, lon: 13.41 },
          channel: "app",
          context: { country: "DE" },
        }),
        record("3", { eventId: "e3", type: "search", customerId: "bob", query: "red tent", timestamp: at }),
      ),
    );
    const latest = log.latest(10);
    expect(latest).toEqual([
      { at, receivedAt: at, type: "search", customer: pseudonym("bob"), channel: "other" },
      { at, receivedAt: at, type: "location", customer: pseudonym("alice"), channel: "app", country: "DE" },
    ]);
    expect(JSON.stringify(latest)).not.toMatch(/alice|bob|red tent|52\.52/);
  });

  it("shows each event of a grouped record, in its order, and counts the record once when delivered again", () => {
    const log = new LiveEventLog();
    const events = ["a", "b"].map((itemId, i) => ({
      eventId: `g${i}`,
      type: "view",
      customerId: "carol",
      itemId,
      timestamp: at,
    }));
    const grouped = {
      SequenceNumber: "9",
      PartitionKey: "carol",
      Data: new TextEncoder().encode(JSON.stringify({ v: 2, receivedAt: Date.parse(at), events })),
    };
    log.record(batch(grouped));
    log.record(batch(grouped));
    expect(log.latest(10).map((e) => [e.itemId, e.customer])).toEqual([
      ["b", pseudonym("carol")],
      ["a", pseudonym("carol")],
    ]);
  });

  it("counts a record the poller delivers again once, and skips what is not a readable event", () => {
    const log = new LiveEventLog();
    const view = record("7", { eventId: "e7", type: "view", customerId: "c", itemId: "i", timestamp: at });
    log.record(batch(view, { SequenceNumber: "8", PartitionKey: "x", Data: new TextEncoder().encode("{") }));
    log.record(batch(view));
    expect(log.latest(10).map((e) => e.itemId)).toEqual(["i"]);
  });
});
