import { describe, expect, it } from "vitest";
import {
  checkEventHeader,
  eventFromCsvRow,
  importEventId,
  prepareEvent,
} from "../../../lib/import/event-rows.js";
import { checkItemHeader, itemFromCsvRow, prepareItem } from "../../../lib/import/item-rows.js";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const row = { customerId: "c1", itemId: "tent-1", timestamp: "2023-01-01T10:00:00Z" };

/** The event a CSV row becomes, or its errors. */
const fromCsv = (cells: Record<string, string>) => prepareEvent(eventFromCsvRow(cells), NOW);
const ok = <T>(p: { ok: true; value: T } | { ok: false }) => {
  if (!p.ok) throw new Error("expected a valid row");
  return p.value;
};

describe("events CSV rows", () => {
  it("become view events when the type column is absent or empty, with the timestamp of the row", () => {
    expect(ok(fromCsv(row))).toMatchObject({
      type: "view",
      customerId: "c1",
      itemId: "tent-1",
      timestamp: "2023-01-01T10:00:00.000Z",
    });
    expect(ok(fromCsv({ ...row, type: "" })).type).toBe("view");
  });

  it("carry value, channel and country when given", () => {
    const event = ok(fromCsv({ ...row, type: "purchase", value: "449.5", channel: "store", country: "DE" }));
    expect(event).toMatchObject({ value: 449.5, channel: "store", context: { country: "DE" } });
  });

  it("carry past communications as message_sent rows, and give them ids of their own", () => {
    const sent = { customerId: "c1", timestamp: "2023-01-01T10:00:00Z", type: "message_sent" };
    const event = ok(
      fromCsv({ ...sent, messageId: "newsletter-1", variantId: "fr", messageChannel: "email" }),
    );
    expect(event).toMatchObject({ messageId: "newsletter-1", variantId: "fr", messageChannel: "email" });
    const other = ok(
      fromCsv({ ...sent, messageId: "newsletter-2", variantId: "fr", messageChannel: "email" }),
    );
    expect(other.eventId).not.toBe(event.eventId);
    expect(fromCsv({ ...sent, messageChannel: "email" })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ path: "messageId" })],
    });
    expect(
      checkEventHeader(["customerId", "timestamp", "messageId", "variantId", "messageChannel"]),
    ).toBeUndefined();
  });

  it("are accepted however old their timestamp is (history applies as of its own time)", () => {
    expect(fromCsv({ ...row, timestamp: "1999-12-31T23:59:59Z" }).ok).toBe(true);
  });

  it.each([
    [{ ...row, timestamp: "yesterday" }, "timestamp"],
    [{ ...row, timestamp: "2026-11-20T12:06:00Z" }, "timestamp"],
    [{ ...row, itemId: "" }, "itemId"],
    [{ ...row, type: "rate", value: "9" }, "value"],
    [{ ...row, type: "purchase", value: "lots" }, "value"],
    [{ ...row, type: "teleport" }, "type"],
    [{ ...row, country: "Germany" }, "context.country"],
    [{ ...row, channel: "fax" }, "channel"],
    [{ ...row, customerId: "me" }, "customerId"],
  ])("are rejected naming the failing field: %o → %s", (cells, field) => {
    const prepared = fromCsv(cells);
    expect(prepared.ok).toBe(false);
    expect(!prepared.ok && prepared.errors.map((e) => e.path)).toContain(field);
  });

  it("keep an eventId the file gives", () => {
    expect(ok(fromCsv({ ...row, eventId: "order-77" })).eventId).toBe("order-77");
  });
});

describe("derived event ids", () => {
  it("are the same for the same event however it is written (spacing, time zone form), so a re-run dedupes", () => {
    const a = ok(fromCsv(row));
    const b = ok(
      fromCsv({ customerId: " c1 ", itemId: "tent-1", timestamp: "2023-01-01T11:00:00+01:00", type: "view" }),
    );
    expect(a.eventId).toMatch(/^imp-[\w-]{22}$/);
    expect(b.eventId).toBe(a.eventId);
  });

  it("differ when any field differs", () => {
    const base = ok(fromCsv(row)).eventId;
    const variants = [
      { ...row, customerId: "c2" },
      { ...row, itemId: "tent-2" },
      { ...row, timestamp: "2023-01-01T10:00:01Z" },
      { ...row, type: "click" },
      { ...row, channel: "web" },
      { ...row, country: "FR" },
    ].map((cells) => ok(fromCsv(cells)).eventId);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it("do not depend on the order of a JSON line's keys", () => {
    const e = ok(prepareEvent({ type: "view", ...row }, NOW));
    const reordered = ok(
      prepareEvent({ timestamp: row.timestamp, itemId: "tent-1", customerId: "c1", type: "view" }, NOW),
    );
    expect(importEventId(reordered)).toBe(importEventId(e));
  });
});

describe("JSON Lines events", () => {
  it("are checked against the Event shape of the contract, unknown fields named", () => {
    const prepared = prepareEvent({ ...row, type: "view", colour: "red" }, NOW);
    expect(!prepared.ok && prepared.errors).toEqual([{ path: "colour", message: "is not a known field" }]);
    expect(prepareEvent([1, 2], NOW)).toEqual({
      ok: false,
      errors: [{ path: "(row)", message: "must be a JSON object" }],
    });
  });
});

describe("headers", () => {
  it("need customerId and timestamp for events, itemId for items, and no unknown or repeated column", () => {
    expect(checkEventHeader(["customerId", "itemId", "timestamp"])).toBeUndefined();
    expect(checkEventHeader(["timestamp", "eventId", "type", "itemId", "customerId"])).toBeUndefined();
    expect(checkEventHeader(["customerId", "itemId"])).toMatch(/missing column\(s\) timestamp/);
    expect(checkEventHeader(["customerId", "timestamp", "colour"])).toMatch(/unknown column\(s\) colour/);
    expect(checkEventHeader(["customerId", "timestamp", "timestamp"])).toMatch(
      /repeated column\(s\) timestamp/,
    );
    expect(checkItemHeader(["title"])).toMatch(/missing column\(s\) itemId/);
  });
});

describe("items CSV rows", () => {
  it("split categories, tags and regions on |, read price and availability", () => {
    const item = itemFromCsvRow({
      itemId: "shoe-1",
      title: "Run Shoe",
      categories: "shoes/running|sport",
      tags: "light | fast",
      regions: "DE|FR",
      price: "89.5",
      available: "no",
      brand: "",
    });
    expect(ok(prepareItem(item))).toEqual({
      itemId: "shoe-1",
      title: "Run Shoe",
      categories: ["shoes/running", "sport"],
      tags: ["light", "fast"],
      regions: ["DE", "FR"],
      price: 89.5,
      available: false,
    });
  });

  it.each([
    [{ itemId: "x", price: "-3" }, "price"],
    [{ itemId: "x", price: "cheap" }, "price"],
    [{ itemId: "x", available: "maybe" }, "available"],
    [{ itemId: "x", url: "ftp://example.com/x" }, "url"],
    [{ itemId: "" }, "itemId"],
  ])("are rejected naming the failing field: %o → %s", (cells, field) => {
    const prepared = prepareItem(itemFromCsvRow(cells));
    expect(!prepared.ok && prepared.errors.map((e) => e.path)).toContain(field);
  });
});
