import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch.js";
import { type ListedKind, listingPartitions } from "./rows/listing-key.js";
import type { TableKey } from "./rows/row-kind.js";
import { TABLE_DEFINITION } from "./table-definition.js";

/** Where a page starts and how long it is. */
export interface PageRequest {
  /** Rows per page, 1–100. */
  limit: number;
  /** The id the previous page ended with; the page holds only ids after it. */
  after?: string | undefined;
}

/** One page of a listing, in id order: the rows' table keys, and the id to continue after when more exist. */
export interface ListingPage {
  keys: (TableKey & { id: string })[];
  /** Present only when at least one more row follows. */
  last?: string;
}

/**
 * DynamoDB orders string keys by their UTF-8 bytes; JavaScript compares UTF-16 code units, which disagrees
 * above U+E000. The merge must agree with the index, or a page would skip or repeat ids.
 */
export const byUtf8 = (a: string, b: string) =>
  Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/**
 * A page of a listed kind, in id order, in one parallel round trip: each shard of the kind's listing
 * partitions is queried for up to `limit + 1` ids after `after`, and the answers merged. Every id lives in
 * exactly one shard, so the `limit` smallest of the merge are the page and one more means another page.
 * Reads up to shards × (limit + 1) index entries (keys only, about 100 bytes each) for `limit` rows.
 */
export async function listingPage(
  db: DynamoDBDocumentClient,
  tableName: string,
  kind: ListedKind,
  page: PageRequest,
): Promise<ListingPage> {
  const { listingIndex } = TABLE_DEFINITION;
  const answers = await Promise.all(
    listingPartitions(kind).map(async (partition) => {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: listingIndex.name,
          KeyConditionExpression: page.after === undefined ? "#p = :p" : "#p = :p AND #s > :after",
          // DynamoDB refuses a name the expression does not use.
          ExpressionAttributeNames: {
            "#p": listingIndex.partitionKey.name,
            ...(page.after === undefined ? {} : { "#s": listingIndex.sortKey.name }),
          },
          ExpressionAttributeValues: {
            ":p": partition,
            ...(page.after === undefined ? {} : { ":after": page.after }),
          },
          Limit: page.limit + 1,
        }),
      );
      const rows = (out.Items ?? []).map((row) => ({
        pk: String(row.pk),
        sk: String(row.sk),
        id: String(row[listingIndex.sortKey.name]),
      }));
      // A shard cut short by DynamoDB's 1 MB page (never with keys only at this limit, but cheap to respect)
      // only vouches for ids up to its last one.
      return { rows, cutAt: out.LastEvaluatedKey ? rows.at(-1)?.id : undefined };
    }),
  );
  const cuts = answers.flatMap((a) => (a.cutAt === undefined ? [] : [a.cutAt])).sort(byUtf8);
  const bound = cuts[0];
  const merged = answers
    .flatMap((a) => a.rows)
    .filter((row) => bound === undefined || byUtf8(row.id, bound) <= 0)
    .sort((a, b) => byUtf8(a.id, b.id));
  const rows = merged.slice(0, page.limit);
  const more = merged.length > page.limit || answers.some((a) => a.cutAt !== undefined);
  const last = rows.at(-1)?.id;
  return { keys: rows, ...(more && last !== undefined ? { last } : {}) };
}

/**
 * A page of listed rows read whole: the page's keys (listingPage), then the rows themselves by key (one
 * BatchGet), each turned into what the store returns, in id order. A row deleted between the two reads is
 * left out of the page.
 */
export async function listedRows<T>(
  db: DynamoDBDocumentClient,
  tableName: string,
  kind: ListedKind,
  page: PageRequest,
  fromRow: (row: Record<string, unknown>) => T,
): Promise<{ rows: T[]; last?: string }> {
  const listed = await listingPage(db, tableName, kind, page);
  const stored = await batchGet(db, tableName, listed.keys);
  const byPk = new Map(stored.map((row) => [String(row.pk), fromRow(row)]));
  const rows = listed.keys.flatMap(({ pk }) => byPk.get(pk) ?? []);
  return { rows, ...(listed.last === undefined ? {} : { last: listed.last }) };
}
