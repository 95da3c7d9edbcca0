import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { DynamoNeighbourStore } from "../../../lib/data/neighbour-store.js";
import { NEIGHBOUR_ROWS } from "../../../lib/data/rows/index.js";
import { unpackDocument } from "../../../lib/data/rows/packed-document.js";
import { ALSO_VIEWED, CO_OCCURRENCE_LIMITS } from "../../../lib/domain/co-occurrence.js";
import { dict } from "../../../lib/domain/dict.js";
import type { KindredEvent } from "../../../lib/schemas/event.js";
import { AggregateBuffer } from "../../../lib/usecases/aggregate-buffer.js";
import { applyEventBatch } from "../../../lib/usecases/apply-event-batch.js";
import { consumerDeps, deliverAll, FIXED_NOW, toRecords } from "../../support/consumer-harness.js";
import { startTestStores, type TestStores, uniqueId } from "../../support/stores.js";

let t: TestStores;
beforeAll(async () => {
  t = await startTestStores();
});
afterAll(async () => {
  await t.stores.close();
});

const view = (customerId: string, itemId: string, minute: number, eventId = uniqueId("e")): KindredEvent => ({
  eventId,
  type: "view",
  customerId,
  itemId,
  timestamp: new Date(FIXED_NOW - 3_600_000 + minute * 60_000).toISOString(),
  channel: "web",
});

/** Items must be in the catalog to be counted: ids a caller makes up never enter a list. */
const catalogued = (itemIds: readonly string[]) =>
  new DynamoCatalogStore(t.db, t.config.tableName).upsertItems(
    itemIds.map((itemId) => ({ itemId, categories: ["test/items"], available: true })),
  );

const neighboursOf = async (itemId: string) =>
  (await new DynamoNeighbourStore(t.db, t.config.tableName).loadNeighbourhoods(ALSO_VIEWED, [itemId])).get(
    itemId,
  )?.hood;

describe("co-view neighbours kept by the consumer", () => {
  it("count what shoppers looked at together in a session, and never twice when the stream is replayed", async () => {
    const [a, b, c] = [uniqueId("a"), uniqueId("b"), uniqueId("c")];
    await catalogued([a, b, c]);
    const events = [
      view("s1", a, 0),
      view("s1", b, 1),
      view("s2", a, 0),
      view("s2", b, 2),
      view("s2", c, 3),
      view("s3", c, 0),
      view("s3", a, 50), // more than 30 minutes later: a new session, no pair
    ];
    const records = toRecords(events.map((e) => ({ ...e, customerId: `${e.customerId}-${a}` })));
    const deps = consumerDeps(t.db, t.config.tableName);
    await deliverAll(records, 3, deps);
    await deliverAll(records, 2, deps);
    await deliverAll(records.slice(4), 5, deps);

    expect(await neighboursOf(a)).toEqual({ itemId: a, occurrences: 3, neighbours: { [b]: 2, [c]: 1 } });
    expect(await neighboursOf(b)).toEqual({ itemId: b, occurrences: 2, neighbours: { [a]: 2, [c]: 1 } });
    expect(await neighboursOf(c)).toEqual({ itemId: c, occurrences: 2, neighbours: { [a]: 1, [b]: 1 } });
  });

  it("are written by the batch that applied them, whatever follows: no count waits for a later batch", async () => {
    const [a, b] = [uniqueId("quiet-a"), uniqueId("quiet-b")];
    await catalogued([a, b]);
    const aggregates = new AggregateBuffer({ relations: [ALSO_VIEWED], trending: false });
    const deps = { ...consumerDeps(t.db, t.config.tableName), aggregates };
    const shopper = (n: number) => [view(`${a}-s${n}`, a, 0), view(`${a}-s${n}`, b, 1)];
    // A full batch followed by silence: its counts are there as soon as it returns.
    await applyEventBatch(toRecords(shopper(1)), deps);
    expect(await neighboursOf(a)).toEqual({ itemId: a, occurrences: 1, neighbours: { [b]: 1 } });
    await applyEventBatch(toRecords(shopper(2), "shardId-000000000001"), deps);
    expect(await neighboursOf(a)).toEqual({ itemId: a, occurrences: 2, neighbours: { [b]: 2 } });
  });

  it("write a very popular item once per batch and keep its list bounded", async () => {
    const hot = uniqueId("hot");
    await catalogued([hot, ...Array.from({ length: 250 }, (_, s) => `${hot}-other-${s}`)]);
    const events: KindredEvent[] = [];
    for (let s = 0; s < 250; s++) {
      const shopper = uniqueId("shopper");
      events.push(view(shopper, `${hot}-other-${s}`, 0), view(shopper, hot, 1));
    }
    const deps = consumerDeps(t.db, t.config.tableName);
    let hotRowWrites = 0;
    t.db.middlewareStack.add(
      (next) => async (args) => {
        const item = (args.input as { Item?: { pk?: unknown; sk?: unknown } }).Item;
        if (item?.pk === `ITEM#${hot}` && item.sk === "COVIEW") hotRowWrites++;
        return next(args);
      },
      { step: "initialize", name: "countHotRowWrites" },
    );
    await deliverAll(toRecords(events), 100, deps);
    t.db.middlewareStack.remove("countHotRowWrites");

    const hood = await neighboursOf(hot);
    expect(hood?.occurrences).toBe(250);
    expect(Object.keys(hood?.neighbours ?? {})).toHaveLength(CO_OCCURRENCE_LIMITS.maxNeighbours);
    // 500 events in 5 batches: the hot item's row is written once per batch, not once per event.
    expect(hotRowWrites).toBe(5);
  });
});

describe("neighbour rows as stored", () => {
  const store = () => new DynamoNeighbourStore(t.db, t.config.tableName);

  it.each([
    ["a JSON string (the default)", undefined],
    ["compressed with documentFormat=deflate", "deflate"],
  ] as const)(
    "keep their counts in one compact document, strongest first, whatever the ids: %s",
    async (_, format) => {
      const itemId = uniqueId("lamp");
      const neighbours = dict<number>([
        ["__proto__", 2],
        ["desk 🪑", 5],
        ["bulb", 1],
      ]);
      const written = new DynamoNeighbourStore(t.db, t.config.tableName, format);
      await written.saveNeighbourhood(ALSO_VIEWED, { itemId, occurrences: 6, neighbours }, 0);
      const row = await t.db.send(
        new GetCommand({ TableName: t.config.tableName, Key: NEIGHBOUR_ROWS.also_viewed.key(itemId) }),
      );
      const pairs = row.Item?.pairs as Uint8Array | string;
      expect(typeof pairs === "string").toBe(format === undefined);
      expect(unpackDocument(pairs)).toEqual([
        ["desk 🪑", 5],
        ["__proto__", 2],
        ["bulb", 1],
      ]);
      expect(row.Item).not.toHaveProperty("neighbours");
      expect((await store().loadNeighbourhoods(ALSO_VIEWED, [itemId])).get(itemId)?.hood.neighbours).toEqual(
        neighbours,
      );
      const strongest = (await store().loadStrongest(ALSO_VIEWED, [itemId])).get(itemId);
      expect(Object.keys(strongest?.neighbours ?? {})).toEqual(["desk 🪑", "__proto__", "bulb"]);
    },
  );

  it("still read rows written in the earlier forms (a list of pairs with a copy of the strongest; a map)", async () => {
    const [pairsRow, mapRow] = [uniqueId("pairs"), uniqueId("map")];
    const put = (itemId: string, fields: Record<string, unknown>) =>
      t.db.send(
        new PutCommand({
          TableName: t.config.tableName,
          Item: { ...NEIGHBOUR_ROWS.also_viewed.key(itemId), itemId, occurrences: 4, v: 3, ...fields },
        }),
      );
    await put(pairsRow, {
      neighbours: [
        ["tent", 3],
        ["mat", 1],
      ],
      strongest: [["tent", 3]],
    });
    await put(mapRow, { neighbours: { tent: 2 } });
    const loaded = await store().loadNeighbourhoods(ALSO_VIEWED, [pairsRow, mapRow]);
    expect(loaded.get(pairsRow)).toEqual({
      hood: {
        itemId: pairsRow,
        occurrences: 4,
        neighbours: dict([
          ["tent", 3],
          ["mat", 1],
        ]),
      },
      version: 3,
    });
    expect(loaded.get(mapRow)?.hood.neighbours).toEqual(dict([["tent", 2]]));
    expect((await store().loadStrongest(ALSO_VIEWED, [pairsRow])).get(pairsRow)?.neighbours).toEqual(
      dict([["tent", 3]]),
    );
  });
});
