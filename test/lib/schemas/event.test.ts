import { describe, expect, it } from "vitest";
import { eventSchema } from "../../../lib/schemas/event.js";

const paths = (value: unknown) => {
  const result = eventSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
};
const base = { eventId: "e1", customerId: "c1", timestamp: "2026-11-20T12:00:00+01:00" };

describe("the event schema", () => {
  it("normalises timestamps to UTC and defaults the channel", () => {
    expect(eventSchema.parse({ ...base, type: "view", itemId: "a" })).toMatchObject({
      timestamp: "2026-11-20T11:00:00.000Z",
      channel: "other",
    });
  });

  it.each([
    [{ ...base, type: "view" }, ["itemId"]],
    [{ ...base, type: "impression" }, ["itemIds"]],
    [{ ...base, type: "offer_redeemed" }, ["offerId"]],
    [{ ...base, type: "search" }, ["query"]],
    [{ ...base, type: "location" }, ["location"]],
    [{ ...base, type: "identify" }, ["previousId"]],
    [{ ...base, type: "identify", previousId: "c1" }, ["previousId"]],
    [{ ...base, type: "rate", itemId: "a", value: 4.5 }, ["value"]],
    [{ ...base, type: "location", location: { lat: 91, lon: 0 } }, ["location.lat"]],
    [{ ...base, type: "view", itemId: "a", context: { country: "Germany" } }, ["context.country"]],
    [{ ...base, type: "view", itemId: "a", itemID: "typo" }, [""]],
    [{ ...base, type: "view", itemId: "a", timestamp: "yesterday" }, ["timestamp"]],
    [{ ...base, type: "view", itemId: "a", eventId: "x".repeat(129) }, ["eventId"]],
  ])("names the failing field of %j", (event, expected) => {
    expect(paths(event)).toEqual(expected);
  });
});
