import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable } from "../../../infra/local/embedded-stores.js";
import type { KindredConfig } from "../../../lib/config/config.js";
import { NEIGHBOUR_ROWS } from "../../../lib/data/rows/neighbours.js";
import { profileRow } from "../../../lib/data/rows/profile.js";
import { trendRow } from "../../../lib/data/rows/trend.js";
import { ALL, scopeId } from "../../../lib/domain/trending.js";
import { deliverAll, testApp, toRecords } from "../../support/consumer-harness.js";
import { shoppingWalk } from "../../support/shopping-walk.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

// The stored format of profiles, trend rows and neighbour rows is a deployment setting (KINDRED_DOCUMENT_FORMAT):
// whichever a deployment writes, and whenever it switches, customers must see exactly the same lists.

let t: TestStores;
const run = uniqueId("fmt");
const { shopper, item, catalog: CATALOG, events: EVENTS, whatCustomersSee: seenIn } = shoppingWalk(run);
const whatCustomersSee = (table: string) => seenIn(t.db, table);

/** A table of its own, with the catalog, fed EVENTS by consumers writing `formats` in turn (one per half). */
async function deployment(name: string, formats: KindredConfig["documentFormat"][]) {
  const table = `${run}-${name}`;
  await createTable(t.stores.dynamoEndpoint, table);
  await testApp(t.db, table).consumer.catalog.upsertItems(CATALOG);
  const records = toRecords(EVENTS);
  // Batches break where the halves do: what a batch sees of neighbour rows depends on where it starts.
  const half = records.length / formats.length;
  for (const [i, documentFormat] of formats.entries()) {
    const { consumer } = testApp(t.db, table, { config: { documentFormat } });
    await deliverAll(records.slice(i * half, (i + 1) * half), 12, consumer);
  }
  return table;
}

let json: string;
let deflate: string;
const seen: Record<string, unknown> = {};

beforeAll(async () => {
  t = await startTestStores();
  json = await deployment("json", ["json"]);
  deflate = await deployment("deflate", ["deflate"]);
  const switched = await deployment("switched", ["json", "deflate"]);
  for (const [name, table] of Object.entries({ json, deflate, switched }))
    seen[name] = await whatCustomersSee(table);
}, 60_000);
afterAll(() => t.stores.close());

describe("stored documents written compressed (KINDRED_DOCUMENT_FORMAT=deflate)", () => {
  it("serve exactly the profiles and lists a deployment writing JSON serves", async () => {
    expect(JSON.stringify(seen.json)).toContain(item(0));
    expect(seen.deflate).toEqual(seen.json);
  });

  it("change nothing customers see when a deployment switches from JSON halfway through its events", async () => {
    expect(seen.switched).toEqual(seen.json);
  });

  it("are stored as zlib streams, each smaller than the same row written as JSON", async () => {
    const { Item: jsonProfile } = await getRow(json, profileRow.key(shopper(3)));
    const { Item: packedProfile } = await getRow(deflate, profileRow.key(shopper(3)));
    const scope = trendRow.key(scopeId(ALL, ALL));
    const { Item: jsonTrend } = await getRow(json, scope);
    const { Item: packedTrend } = await getRow(deflate, scope);
    const neighbours = NEIGHBOUR_ROWS.also_viewed.key(item(5));
    const { Item: jsonPairs } = await getRow(json, neighbours);
    const { Item: packedPairs } = await getRow(deflate, neighbours);
    for (const [packed, plain] of [
      [packedProfile?.doc, jsonProfile?.doc],
      [packedTrend?.doc, jsonTrend?.doc],
      [packedPairs?.pairs, jsonPairs?.pairs],
    ]) {
      expect(packed).toBeInstanceOf(Uint8Array);
      expect((packed as Uint8Array)[0]).toBe(0x78);
      const plainBytes =
        typeof plain === "string" ? Buffer.byteLength(plain) : (plain as Uint8Array).byteLength;
      expect((packed as Uint8Array).byteLength).toBeLessThan(plainBytes);
    }
  });
});

const getRow = (table: string, key: object) =>
  t.db.send(new GetCommand({ TableName: table, Key: { ...key } }));
