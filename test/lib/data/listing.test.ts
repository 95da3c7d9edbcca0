import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoExperimentStore } from "../../../lib/data/experiment-store.js";
import { byUtf8 } from "../../../lib/data/listing.js";
import { backfillListings } from "../../../lib/data/listing-backfill.js";
import { DynamoOfferStore } from "../../../lib/data/offer-store.js";
import { catalogItemRow, experimentRow } from "../../../lib/data/rows/index.js";
import type { Item } from "../../../lib/schemas/item.js";
import { startTestStores, type TestStores } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const item = (itemId: string): Item => ({ itemId, categories: [], available: true });

/** Every page of a listing, following `last` until it is absent. */
async function pages<T>(read: (after?: string) => Promise<{ rows: T[]; last?: string }>) {
  const all: T[][] = [];
  let after: string | undefined;
  do {
    const page = await read(after);
    all.push(page.rows);
    after = page.last;
  } while (after !== undefined && all.length < 100);
  return all;
}

describe("listing the catalog", () => {
  it("pages through every item across the index's shards, in UTF-8 order, each id once, the last page without a cursor", async () => {
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    // Ids above U+E000 sort differently in UTF-16 (JavaScript) and UTF-8 (DynamoDB): the merge must agree with DynamoDB.
    const ids = [
      ...Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, "0")}`),
      "p-\u{1F600}",
      "p-\uFF01",
    ];
    await store.upsertItems(ids.map(item));
    const listed = await pages(async (after) => {
      const page = await store.listItems({ limit: 4, after });
      return { rows: page.items.map((i) => i.itemId), last: page.last };
    });
    expect(listed.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(listed.flat()).toEqual([...ids].sort(byUtf8));
    expect(listed.flat().at(-1)).toBe("p-\u{1F600}");
  });

  it("returns items as they were upserted, without storage attributes, and leaves out deleted ones", async () => {
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    await store.upsertItems([{ ...item("q-1"), title: "Tent", price: 10 }, item("q-2")]);
    await store.deleteItem("q-2");
    const { items } = await store.listItems({ limit: 100, after: "p-\u{1F600}" });
    expect(items).toEqual([expect.objectContaining({ itemId: "q-1", title: "Tent", price: 10 })]);
    expect(items[0]).not.toHaveProperty("lpk");
    expect(items[0]).not.toHaveProperty("pk");
  });

  it("gives no cursor when a page holds exactly the rest", async () => {
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    await store.upsertItems([item("r-1"), item("r-2")]);
    expect(await store.listItems({ limit: 2, after: "q-zzz" })).toEqual({ items: expect.any(Array) });
    expect((await store.listItems({ limit: 1, after: "q-zzz" })).last).toBe("r-1");
  });
});

describe("listing offers and experiments", () => {
  it("pages offers and experiment definitions by id", async () => {
    const offers = new DynamoOfferStore(t.db, t.config.tableName);
    const offer = (offerId: string) => ({
      offerId,
      title: offerId,
      location: { lat: 1, lon: 2 },
      radiusM: 100,
      validFrom: "2030-01-01T00:00:00.000Z",
      validUntil: "2031-01-01T00:00:00.000Z",
      audience: "all" as const,
      priority: 0,
      cells: ["s00t"],
    });
    await offers.saveOffers(["o-3", "o-1", "o-2"].map(offer));
    const first = await offers.listOffers({ limit: 2 });
    expect(first.offers.map((o) => o.offerId)).toEqual(["o-1", "o-2"]);
    const rest = await offers.listOffers({ limit: 2, after: first.last });
    expect(rest).toEqual({ offers: [expect.objectContaining({ offerId: "o-3" })] });

    const experiments = new DynamoExperimentStore(t.db, t.config.tableName);
    const definition = (experimentId: string) => ({
      experimentId,
      placement: "rank" as const,
      status: "stopped" as const,
      minImpressionsPerVariant: 1000,
      variants: [],
      updatedAt: "2030-01-01T00:00:00.000Z",
    });
    await experiments.save(definition("e-b"));
    await experiments.save(definition("e-a"));
    expect(await experiments.list({ limit: 50 })).toEqual({
      experiments: [definition("e-a"), definition("e-b")],
    });
  });
});

describe("the listing backfill", () => {
  it("lists rows written before the index existed, once, and never brings back a deleted one", async () => {
    const oldRow = (itemId: string) =>
      new PutCommand({
        TableName: t.config.tableName,
        Item: { ...catalogItemRow.key(itemId), ...item(itemId) },
      });
    await t.db.send(oldRow("s-old-1"));
    await t.db.send(oldRow("s-old-2"));
    await t.db.send(
      new PutCommand({
        TableName: t.config.tableName,
        Item: {
          ...experimentRow.key("s-old-exp"),
          definition: JSON.stringify({ experimentId: "s-old-exp" }),
        },
      }),
    );
    const store = new DynamoCatalogStore(t.db, t.config.tableName);
    const around = async () =>
      (await store.listItems({ limit: 100, after: "s-" })).items
        .map((i) => i.itemId)
        .filter((id) => id < "t");
    expect(await around()).toEqual([]);

    expect(await backfillListings(t.db, t.config.tableName)).toBe(3);
    expect(await around()).toEqual(["s-old-1", "s-old-2"]);
    const experiments = await new DynamoExperimentStore(t.db, t.config.tableName).list({ limit: 100 });
    expect(experiments.experiments.map((e) => e.experimentId)).toContain("s-old-exp");

    await t.db.send(new DeleteCommand({ TableName: t.config.tableName, Key: catalogItemRow.key("s-old-1") }));
    expect(await backfillListings(t.db, t.config.tableName)).toBe(0);
    expect(await around()).toEqual(["s-old-2"]);
    expect(await store.getItem("s-old-1")).toBeUndefined();
  });
});
