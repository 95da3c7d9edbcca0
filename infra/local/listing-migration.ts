import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTagsOfResourceCommand,
  ResourceNotFoundException,
  ScanCommand,
  type TableDescription,
  TagResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backfillListings } from "../../lib/data/listing-backfill.js";
import { TABLE_DEFINITION } from "../../lib/data/table-definition.js";

type Row = Record<string, AttributeValue>;

/** Marks a copy as complete, so a migration interrupted later resumes from the copy, not the original. */
const COPIED_TAG = { Key: "kindred:copy", Value: "complete" };

async function describe(db: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await db.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

const hasListingIndex = (table: TableDescription) =>
  (table.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === TABLE_DEFINITION.listingIndex.name);

/** Waits until the table is ACTIVE (`gone`: until it no longer exists); dynalite changes state on a timer. */
async function settle(db: DynamoDBClient, tableName: string, gone = false): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const table = await describe(db, tableName);
    if (gone ? table === undefined : table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Table ${tableName} did not settle.`);
}

/** Creates a table as TABLE_DEFINITION describes it, listing index included. */
async function create(db: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey, listingIndex } = TABLE_DEFINITION;
  await db.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [partitionKey, sortKey, listingIndex.partitionKey, listingIndex.sortKey].map(
        (key) => ({ AttributeName: key.name, AttributeType: key.type }),
      ),
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: "HASH" },
        { AttributeName: sortKey.name, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: listingIndex.name,
          KeySchema: [
            { AttributeName: listingIndex.partitionKey.name, KeyType: "HASH" },
            { AttributeName: listingIndex.sortKey.name, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
  await settle(db, tableName);
}

async function drop(db: DynamoDBClient, tableName: string): Promise<void> {
  await db.send(new DeleteTableCommand({ TableName: tableName }));
  await settle(db, tableName, true);
}

/** Copies every row, page by page (never the whole table in memory), retrying unprocessed writes. */
async function copyRows(db: DynamoDBClient, from: string, to: string): Promise<void> {
  let start: Row | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start, Limit: 500 }));
    const rows = page.Items ?? [];
    for (let i = 0; i < rows.length; i += 25) {
      let pending = rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [to]: pending } }));
        pending = (out.UnprocessedItems?.[to] as typeof pending | undefined) ?? [];
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
}

async function isCompleteCopy(db: DynamoDBClient, table: TableDescription): Promise<boolean> {
  const tags = await db.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }));
  return (tags.Tags ?? []).some((t) => t.Key === COPIED_TAG.Key && t.Value === COPIED_TAG.Value);
}

/**
 * Makes sure the local table exists with the listing index. A data directory from before the index holds a
 * table without it, and dynalite cannot add an index to a table, so the table is copied aside, created
 * again and copied back; then rows written before the index get their listing keys (backfillListings).
 * Each step can be interrupted: the next start resumes from the complete copy, or starts over from the
 * untouched original. Returns whether a migration ran.
 */
export async function ensureListingIndex(db: DynamoDBClient, tableName: string): Promise<boolean> {
  const aside = `${tableName}-migrating`;
  const copy = await describe(db, aside);
  if (copy && !(await isCompleteCopy(db, copy))) {
    // Interrupted while copying aside: the original is untouched.
    await drop(db, aside);
  }
  const resumable = copy !== undefined && (await describe(db, aside)) !== undefined;
  const table = await describe(db, tableName);
  if (!resumable) {
    if (!table) {
      await create(db, tableName);
      return false;
    }
    if (hasListingIndex(table)) return false;
    await create(db, aside);
    await copyRows(db, tableName, aside);
    const copied = await describe(db, aside);
    await db.send(new TagResourceCommand({ ResourceArn: copied?.TableArn, Tags: [COPIED_TAG] }));
  }
  const current = await describe(db, tableName);
  if (current && !hasListingIndex(current)) await drop(db, tableName);
  if (!current || !hasListingIndex(current)) await create(db, tableName);
  await copyRows(db, aside, tableName);
  await drop(db, aside);
  await backfillListings(DynamoDBDocumentClient.from(db), tableName);
  return true;
}
