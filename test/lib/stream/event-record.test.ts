import { describe, expect, it } from "vitest";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { decodeRecord, encodeEnvelope } from "../../../lib/stream/event-record.js";

const view = (eventId: string, customerId = "c1"): KindredEvent => ({
  eventId,
  type: "view",
  customerId,
  itemId: "sku-1",
  timestamp: "2026-11-20T11:59:00.000Z",
  channel: "web",
});
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const group = (events: unknown[]) => bytes({ v: 2, receivedAt: 1_700_000_000_000, events });

describe("reading stream records", () => {
  it("reads a v1 record as one event", () => {
    const decoded = decodeRecord(encodeEnvelope({ receivedAt: 5, event: view("a") }));
    expect(decoded).toEqual({
      ok: true,
      envelopes: [{ receivedAt: 5, event: view("a") }],
      invalid: [],
      eventCount: 1,
    });
  });

  it("reads a grouped record as its events, in its order, each with the record's receipt time", () => {
    const decoded = decodeRecord(group([view("b"), view("a"), view("c")]));
    expect(decoded.ok && decoded.envelopes.map((e) => [e.event.eventId, e.receivedAt])).toEqual([
      ["b", 1_700_000_000_000],
      ["a", 1_700_000_000_000],
      ["c", 1_700_000_000_000],
    ]);
  });

  it("keeps a group's valid events and names each invalid one by its place in the record", () => {
    const decoded = decodeRecord(group([view("a"), { ...view("b"), type: "teleport" }, view("c"), 7]));
    expect(decoded.ok && decoded.envelopes.map((e) => e.event.eventId)).toEqual(["a", "c"]);
    expect(decoded.ok && decoded.eventCount).toBe(4);
    expect(decoded.ok && decoded.invalid).toEqual([
      expect.stringMatching(/^events\.1\.type: /),
      expect.stringMatching(/^events\.3: /),
    ]);
  });

  it("refuses a group whole when no event in it is valid, or when its events name several customers", () => {
    expect(decodeRecord(group([{ ...view("a"), customerId: "" }]))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^no valid event: events\.0\.customerId: /),
    });
    expect(decodeRecord(group([view("a", "c1"), view("b", "c2")]))).toEqual({
      ok: false,
      reason: "events of 2 customers in one grouped record",
    });
  });

  it("refuses what is not a record it knows: not JSON, an empty group, another version, a malformed envelope", () => {
    const refused = (data: Uint8Array) => {
      const decoded = decodeRecord(data);
      return decoded.ok ? "read" : decoded.reason;
    };
    expect(refused(new Uint8Array([0xff, 0x00]))).toBe("payload is not UTF-8 JSON");
    expect(refused(group([]))).toMatch(/^events: /);
    expect(refused(bytes({ v: 3, receivedAt: 1, events: [view("a")] }))).toMatch(/^v: /);
    expect(refused(bytes({ v: 2, receivedAt: "now", events: [view("a")] }))).toMatch(/^receivedAt: /);
    expect(refused(bytes({ v: 1, receivedAt: 1, events: [view("a")] }))).toMatch(/^event: /);
  });
});
