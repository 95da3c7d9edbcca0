import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DependencyUnavailable } from "../errors.js";
import { backoff } from "./retry.js";
import type { TableKey } from "./rows/row-kind.js";

const GET_CHUNK = 100;
const WRITE_CHUNK = 25;
const MAX_ATTEMPTS = 8;

type Row = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Row } } | { DeleteRequest: { Key: Row } };

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** How batchGet reads. */
export interface BatchGetOptions {
  /** Only these attributes (plain names), when a caller needs a small part of large rows. */
  attributes?: readonly string[];
  /** Keys per BatchGetItem (≤ 100): fewer for large rows, so each response stays small. */
  chunkSize?: number;
  /** Strongly consistent (twice the read units): what a check right after another writer's write needs. */
  consistentRead?: boolean;
}

/**
 * Reads many keys, retrying whatever DynamoDB leaves unprocessed. Missing keys are simply absent; a key
 * asked for twice is read once (DynamoDB refuses a request that names one key twice).
 */
export async function batchGet(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly TableKey[],
  { attributes, chunkSize = GET_CHUNK, consistentRead }: BatchGetOptions = {},
): Promise<Row[]> {
  const projection = {
    ...(attributes
      ? {
          ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(", "),
          ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
        }
      : {}),
    ...(consistentRead ? { ConsistentRead: true } : {}),
  };
  const rows: Row[] = [];
  const unique = [...new Map(keys.map((k) => [JSON.stringify([k.pk, k.sk]), k])).values()];
  await Promise.all(
    chunks(unique, chunkSize).map(async (chunk) => {
      let pending: Row[] = chunk.map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new DependencyUnavailable("The store left reads unprocessed.");
        if (attempt > 0) await backoff(attempt);
        const out = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...projection } } }),
        );
        rows.push(...(out.Responses?.[tableName] ?? []));
        pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }),
  );
  return rows;
}

/** Writes many rows, retrying whatever DynamoDB leaves unprocessed; never drops one silently. */
export async function batchWrite(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  // Every chunk runs to its end before a failure is reported, so nothing is still being written when the
  // caller hears of it (and, say, forgets cached copies of what changed).
  const outcomes = await Promise.allSettled(
    chunks(requests, WRITE_CHUNK).map(async (chunk) => {
      let pending: WriteRequest[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new DependencyUnavailable("The store left writes unprocessed.");
        if (attempt > 0) await backoff(attempt);
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] as WriteRequest[] | undefined) ?? [];
      }
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
}
