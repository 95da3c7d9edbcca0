import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localTokenSigner } from "../../../lib/auth/local-token-signer.js";
import type { Principal } from "../../../lib/auth/principal.js";
import { localVisitorProof } from "../../../lib/auth/visitor-proof.js";
import { Forbidden, InvalidInput } from "../../../lib/errors.js";
import { KinesisEventPublisher } from "../../../lib/stream/event-publisher.js";
import { ingestEvents } from "../../../lib/usecases/ingest-events.js";
import { throttlePutRecords } from "../../support/faults.js";
import { startTestStores, type TestStores } from "../../support/stores.js";
import { readStream } from "../../support/stream-reader.js";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const producer: Principal = { subject: "till-7", scopes: new Set(["ingest"]) };
const view = (eventId: string, customerId = "c1") => ({
  eventId,
  type: "view",
  customerId,
  itemId: "sku-1",
  timestamp: "2026-11-20T11:59:00Z",
});

let t: TestStores;
beforeEach(async () => {
  t = await startTestStores();
});
afterEach(async () => {
  await t.stores.close();
});

const SECRET = "ingest-test-secret";
const visitorProof = localVisitorProof(SECRET);
/** A visitor token as POST /v1/visitors signs it locally, valid around NOW (and the real clock). */
const visitorToken = (sub: string, secret = SECRET) =>
  localTokenSigner(secret).sign(
    { sub, scope: "customer" },
    new Date(NOW - 60_000),
    new Date(Math.max(NOW, Date.now()) + 3_600_000),
  );

const ingest = (
  principal: Principal,
  events: unknown[],
  publisher = new KinesisEventPublisher(t.kinesis, t.config.streamName),
) => ingestEvents(principal, events, { publisher, visitorProof, now: () => NOW });

describe("ingesting events", () => {
  it("publishes the same event id once per customer: two customers may pick the same one", async () => {
    const result = await ingest(producer, [view("e1", "c1"), view("e1", "c2"), view("e1", "c1")]);
    expect(result).toEqual({ accepted: 3, rejected: [], failed: [] });
    const published = await readStream(t.kinesis, t.config.streamName);
    expect(published.map((r) => r.envelope.event.customerId).sort()).toEqual(["c1", "c2"]);
  });

  it("judges a customer token's events by their parsed ids: an invalid id is rejected by field, not forbidden", async () => {
    const alice: Principal = { subject: "alice", scopes: new Set(["customer"]) };
    const result = await ingest(alice, [view("e1", "alice"), view("e2", "me"), view("e3", " alice ")]);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { index: 1, errors: [expect.objectContaining({ path: "events.1.customerId" })] },
    ]);
    await expect(ingest(alice, [view("e4", "bob")])).rejects.toThrow(Forbidden);
  });

  it("takes a message_sent only from the sending system: a customer's own token cannot report sends", async () => {
    const alice: Principal = { subject: "alice", scopes: new Set(["customer"]) };
    const send = {
      eventId: "send-1",
      type: "message_sent",
      customerId: "alice",
      messageId: "payment-reminder",
      messageChannel: "email",
      timestamp: "2026-11-20T11:59:00Z",
    };
    await expect(ingest(alice, [send])).rejects.toMatchObject({
      issues: [
        expect.objectContaining({ path: "events.0.type", message: expect.stringMatching(/sending system/) }),
      ],
    });
    expect(await ingest(producer, [send])).toMatchObject({ accepted: 1 });
    const withItem = await ingest(producer, [
      { ...send, eventId: "send-2", itemId: "tent-1" },
      { ...send, eventId: "send-3" },
    ]);
    expect(withItem.rejected).toEqual([
      { index: 0, errors: [expect.objectContaining({ path: "events.0.itemId" })] },
    ]);
  });

  it("rejects an identify that names a known customer: only an anonymous visitor's history merges", async () => {
    const alice: Principal = { subject: "alice", scopes: new Set(["customer"]) };
    const identify = (previousId: string) => ({
      eventId: `id-${previousId}`,
      type: "identify",
      customerId: "alice",
      previousId,
      timestamp: "2026-11-20T11:59:00Z",
    });
    const proven = { ...identify("anon-5f1c2e"), previousToken: await visitorToken("anon-5f1c2e") };
    const result = await ingest(alice, [identify("bob"), proven]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { index: 0, errors: [{ path: "events.0.previousId", message: expect.stringContaining("anon-") }] },
    ]);
    await expect(ingest(alice, [identify("bob")])).rejects.toThrow(InvalidInput);
  });

  it("merges an anonymous history for a customer token only with that visitor's token: ids are no secret", async () => {
    const alice: Principal = { subject: "alice", scopes: new Set(["customer"]) };
    const identify = (n: number, previousToken?: string) => ({
      eventId: `merge-${n}`,
      type: "identify",
      customerId: "alice",
      previousId: "anon-victim",
      timestamp: "2026-11-20T11:59:00Z",
      ...(previousToken === undefined ? {} : { previousToken }),
    });
    const result = await ingest(alice, [
      identify(0),
      identify(1, await visitorToken("anon-other")),
      identify(2, await visitorToken("anon-victim", "another-secret")),
      identify(3, await visitorToken("anon-victim")),
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.errors[0]?.path, r.errors[0]?.message])).toEqual([
      [0, "events.0.previousToken", "required with a customer token: the visitor token of previousId"],
      [1, "events.1.previousToken", "is not a valid visitor token for previousId"],
      [2, "events.2.previousToken", "is not a valid visitor token for previousId"],
    ]);
    const published = await readStream(t.kinesis, t.config.streamName);
    expect(published.map((r) => r.envelope.event.eventId)).toEqual(["merge-3"]);
    // The proof is checked and dropped: no token travels on the stream.
    expect(JSON.stringify(published)).not.toContain("previousToken");
  });

  it("trusts server-side producers' identify events without a visitor token", async () => {
    const result = await ingest(producer, [
      {
        eventId: "m1",
        type: "identify",
        customerId: "c9",
        previousId: "anon-x",
        timestamp: "2026-11-20T11:59:00Z",
      },
    ]);
    expect(result.accepted).toBe(1);
  });

  it("accepts the valid events, rejects the invalid ones by index and field, and loses none", async () => {
    const result = await ingest(producer, [
      view("e1"),
      { ...view("e2"), timestamp: "2026-11-20T12:06:00Z" },
      { ...view("e3"), type: "rate", value: 7 },
      { ...view("e4"), itemId: undefined },
      view("e5", "c2"),
    ]);

    expect(result).toEqual({
      accepted: 2,
      rejected: [
        {
          index: 1,
          errors: [{ path: "events.1.timestamp", message: "must not be more than 5 minutes in the future" }],
        },
        {
          index: 2,
          errors: [{ path: "events.2.value", message: "rate events need an integer value from 1 to 5" }],
        },
        { index: 3, errors: [{ path: "events.3.itemId", message: "required for view events" }] },
      ],
      failed: [],
    });
    const stream = await readStream(t.kinesis, t.config.streamName);
    expect(stream.map((r) => r.envelope.event.eventId).sort()).toEqual(["e1", "e5"]);
    expect(stream.every((r) => r.partitionKey === r.envelope.event.customerId)).toBe(true);
  });

  it("names every failing field of an event at once, the future timestamp included", async () => {
    const result = await ingest(producer, [
      view("ok"),
      { ...view("e2"), timestamp: "2026-11-20T13:00:00Z", itemId: "" },
    ]);
    expect(result.rejected).toEqual([
      {
        index: 1,
        errors: [
          { path: "events.1.itemId", message: expect.any(String) },
          { path: "events.1.timestamp", message: "must not be more than 5 minutes in the future" },
        ],
      },
    ]);
  });

  it("publishes a repeated eventId once but counts every copy as accepted", async () => {
    const result = await ingest(producer, [view("same"), view("same"), view("other")]);
    expect(result).toMatchObject({ accepted: 3, rejected: [], failed: [] });
    expect(await readStream(t.kinesis, t.config.streamName)).toHaveLength(2);
  });

  it("retries records the stream throttled, so a passing throttle loses nothing", async () => {
    throttlePutRecords(t.kinesis, (call, position) => call === 0 && position % 2 === 0);
    const result = await ingest(producer, [view("a"), view("b"), view("c"), view("d")]);
    expect(result).toEqual({ accepted: 4, rejected: [], failed: [] });
    expect(
      (await readStream(t.kinesis, t.config.streamName)).map((r) => r.envelope.event.eventId).sort(),
    ).toEqual(["a", "b", "c", "d"]);
  });

  it("reports records still throttled after every retry as failed and retryable, and only those", async () => {
    throttlePutRecords(t.kinesis, (_call, position) => position === 0);
    const publisher = new KinesisEventPublisher(t.kinesis, t.config.streamName, 3);
    const result = await ingest(producer, [view("x"), view("y"), { bad: true }], publisher);
    // Each retry resends only what failed, so "x" stays at position 0 and is throttled every time.
    expect(result).toEqual({
      accepted: 1,
      rejected: [
        { index: 2, errors: expect.arrayContaining([expect.objectContaining({ path: "events.2.eventId" })]) },
      ],
      failed: [{ index: 0, retryable: true }],
    });
    expect((await readStream(t.kinesis, t.config.streamName)).map((r) => r.envelope.event.eventId)).toEqual([
      "y",
    ]);
  });

  it("says 400 with every problem when no event is valid", async () => {
    const error = await ingest(producer, [{ ...view("a"), type: "teleport" }, "nonsense"]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).issues.map((i) => i.path)).toEqual(["events.0.type", "events.1"]);
  });

  it("refuses a customer token that sends events for someone else, and publishes nothing", async () => {
    const customer: Principal = { subject: "c1", scopes: new Set(["customer"]) };
    await expect(ingest(customer, [view("a", "c1"), view("b", "c2")])).rejects.toBeInstanceOf(Forbidden);
    expect(await readStream(t.kinesis, t.config.streamName)).toHaveLength(0);
    await expect(ingest(customer, [view("a", "c1")])).resolves.toMatchObject({ accepted: 1 });
  });
});
