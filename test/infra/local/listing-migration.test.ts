import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TagResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTable } from "../../../infra/local/embedded-stores.js";
import { DynamoCatalogStore } from "../../../lib/data/catalog-store.js";
import { catalogItemRow, profileRow } from "../../../lib/data/rows/index.js";

let server: Server;
let endpoint: string;
let db: DynamoDBClient;
const TABLE = "kindred-main";
const ASIDE = `${TABLE}-migrating`;

beforeEach(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    endpoint,
  });
});
afterEach(async () => {
  db.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The table as data directories held it before the listing index: keys only. */
async function createTableOfOld(name: string) {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
}

async function putOldRows(name: string) {
  const doc = DynamoDBDocumentClient.from(db);
  for (const itemId of ["tent-1", "stove-1"]) {
    await doc.send(
      new PutCommand({
        TableName: name,
        Item: { ...catalogItemRow.key(itemId), itemId, categories: [], available: true },
      }),
    );
  }
  await doc.send(new PutCommand({ TableName: name, Item: { ...profileRow.key("alice"), v: 3 } }));
}

const listedIds = async () =>
  (await new DynamoCatalogStore(DynamoDBDocumentClient.from(db), TABLE).listItems({ limit: 10 })).items.map(
    (i) => i.itemId,
  );

const tableNames = async () => {
  const exists = async (name: string) =>
    db.send(new DescribeTableCommand({ TableName: name })).then(
      () => true,
      () => false,
    );
  return { main: await exists(TABLE), aside: await exists(ASIDE) };
};

describe("local mode's table from before the listing index", () => {
  it("is rebuilt with the index, keeping every row, and its catalog is listed", async () => {
    await createTableOfOld(TABLE);
    await putOldRows(TABLE);
    await createTable(endpoint, TABLE);
    expect(await listedIds()).toEqual(["stove-1", "tent-1"]);
    const profile = await DynamoDBDocumentClient.from(db).send(
      new GetCommand({ TableName: TABLE, Key: profileRow.key("alice") }),
    );
    expect(profile.Item).toMatchObject({ v: 3 });
    expect(await tableNames()).toEqual({ main: true, aside: false });
    // A second start finds the index and changes nothing.
    await createTable(endpoint, TABLE);
    expect(await listedIds()).toEqual(["stove-1", "tent-1"]);
  });

  it("resumes from a complete copy when a start was interrupted after dropping the original", async () => {
    await createTableOfOld(ASIDE);
    await putOldRows(ASIDE);
    const aside = await db.send(new DescribeTableCommand({ TableName: ASIDE }));
    await db.send(
      new TagResourceCommand({
        ResourceArn: aside.Table?.TableArn,
        Tags: [{ Key: "kindred:copy", Value: "complete" }],
      }),
    );
    await createTable(endpoint, TABLE);
    expect(await listedIds()).toEqual(["stove-1", "tent-1"]);
    expect(await tableNames()).toEqual({ main: true, aside: false });
  });

  it("starts over from the untouched original when a start was interrupted while copying aside", async () => {
    await createTableOfOld(TABLE);
    await putOldRows(TABLE);
    await createTableOfOld(ASIDE); // a partial copy, never marked complete
    await createTable(endpoint, TABLE);
    expect(await listedIds()).toEqual(["stove-1", "tent-1"]);
    expect(await tableNames()).toEqual({ main: true, aside: false });
  });
});
