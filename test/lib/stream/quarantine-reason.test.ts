import { describe, expect, it } from "vitest";
import { decodeRecord } from "../../../lib/stream/event-record.js";
import { planBatch } from "../../../lib/usecases/batch-plan.js";

// A quarantined record's row keeps its reason for 14 days, where erasure never reaches (architecture.md: no
// payload, no customer id). The event schema is strict, and zod names an unknown key in its message: another
// producer putting data in a key (an e-mail address) must not get it stored or logged.
const at = "2026-11-20T11:59:00.000Z";
const good = { eventId: "e1", type: "view", customerId: "lena", itemId: "boots", timestamp: at };
const leaked = { ...good, eventId: "e2", "lena.schmidt@example.com": "Lena Schmidt" };
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("the reason a record is quarantined with", () => {
  it("names the invalid event of a grouped record by path and issue, never by what it holds", () => {
    const data = encode({ v: 2, receivedAt: Date.parse(at), events: [good, leaked] });
    expect(decodeRecord(data)).toMatchObject({ ok: true, eventCount: 2 });
    const plan = planBatch([{ shardId: "shardId-000000000000", sequenceNumber: "1", data }], Date.parse(at));
    const reason = plan.invalid[0]?.entry.reason ?? "";
    expect(reason).toBe("1 of 2 events invalid (the others applied): events.1: unrecognized_keys");
  });

  it("holds nothing of a single event's content either", () => {
    const decoded = decodeRecord(encode({ v: 1, receivedAt: Date.parse(at), event: leaked }));
    expect(decoded).toEqual({ ok: false, reason: "event: unrecognized_keys" });
  });

  it("tells a missing required field from a forbidden one by the schema's own rule", () => {
    const reasonOf = (event: Record<string, unknown>) => {
      const decoded = decodeRecord(encode({ v: 1, receivedAt: Date.parse(at), event }));
      return decoded.ok ? "(valid)" : decoded.reason;
    };
    const missing = reasonOf({ eventId: "e1", type: "view", customerId: "c1", timestamp: at });
    const forbidden = reasonOf({
      ...{ eventId: "e2", type: "message_sent", customerId: "c1", timestamp: at },
      ...{ messageId: "m", variantId: "v", messageChannel: "email", itemId: "i1" },
    });
    expect(missing).toMatch(/^event\.itemId: /);
    expect(forbidden).toMatch(/^event\.itemId: /);
    expect(missing).not.toBe(forbidden);
  });
});
