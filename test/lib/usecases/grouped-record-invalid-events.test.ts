import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoProfileStore } from "../../../lib/data/profile-store.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { consumerDeps, FIXED_NOW, toRequestRecords } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// The stream is a trust boundary: another producer may write a grouped record holding events Kindred would
// have rejected. Its valid events are the customer's all the same; only the invalid ones are set aside.

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const view = (eventId: string, customerId: string, itemId: string): KindredEvent => ({
  eventId,
  type: "view",
  customerId,
  itemId,
  timestamp: new Date(FIXED_NOW - 60_000).toISOString(),
  channel: "web",
});

/** A record where ingest would have put one, holding `events` as written by some other producer. */
function groupedRecord(events: unknown[], sequence: number) {
  const [template] = toRequestRecords([[view("template", "x", "item-0")]], "customer", sequence);
  if (!template) throw new Error("no record");
  const data = new TextEncoder().encode(JSON.stringify({ v: 2, receivedAt: FIXED_NOW, events }));
  return { ...template, data };
}

async function quarantined(record: { shardId: string; sequenceNumber: string }) {
  const { Items } = await t.db.send(
    new QueryCommand({
      TableName: t.config.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `QUARANTINE#${record.shardId}` },
    }),
  );
  return (Items ?? []).filter((i) => i.sequenceNumber === record.sequenceNumber);
}

describe("a grouped record with invalid events", () => {
  it("applies its valid events and quarantines the record once, naming only the invalid ones", async () => {
    const c = uniqueId("mixed");
    const record = groupedRecord(
      [
        view(`${c}-1`, c, "item-0"),
        { ...view(`${c}-2`, c, "item-1"), type: "teleport" },
        view(`${c}-3`, c, "item-2"),
      ],
      500,
    );

    const outcome = await applyEventBatch([record], consumerDeps(t.db, t.config.tableName));
    const again = await applyEventBatch([record], consumerDeps(t.db, t.config.tableName));

    expect(outcome).toMatchObject({ applied: 2, quarantined: 1, failures: [] });
    expect(outcome.retryFrom).toBeUndefined();
    expect(again).toMatchObject({ applied: 0, skipped: 2 });
    const profile = await new DynamoProfileStore(t.db, t.config.tableName).loadProfile(c);
    expect(profile?.state.eventCount).toBe(2);
    expect(profile?.state.recentItems.map((r) => r.itemId).sort()).toEqual(["item-0", "item-2"]);
    const entries = await quarantined(record);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.reason).toMatch(/^1 of 3 events invalid \(the others applied\): events\.1\.type: /);
    // Nothing that names the customer is kept with it.
    expect(JSON.stringify(entries[0])).not.toContain(c);
  });

  it("quarantines the record whole when its events name two customers, and applies none of them", async () => {
    const [a, b] = [uniqueId("a"), uniqueId("b")];
    const record = groupedRecord([view(`${a}-1`, a, "item-0"), view(`${b}-1`, b, "item-1")], 600);

    const outcome = await applyEventBatch([record], consumerDeps(t.db, t.config.tableName));

    expect(outcome).toMatchObject({ applied: 0, quarantined: 1, failures: [] });
    expect(await new DynamoProfileStore(t.db, t.config.tableName).loadProfiles([a, b])).toEqual(new Map());
    expect((await quarantined(record))[0]?.reason).toBe("events of 2 customers in one grouped record");
  });
});
