import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dict } from "../domain/dict.js";
import type { TrendRow } from "../domain/trending.js";
import { batchGet } from "./batch.js";
import { keys } from "./keys.js";
import { putVersioned } from "./versioned-put.js";

export interface TrendStore {
  loadTrendRows(scopes: readonly string[]): Promise<Map<string, { row: TrendRow; version: number }>>;
  /** Conflict if the row changed since `expectedVersion`. */
  saveTrendRow(row: TrendRow, expectedVersion: number): Promise<void>;
}

/**
 * Counters are stored as `[itemId, short, long]` triples in a binary UTF-8 JSON attribute (`doc`): not a
 * map keyed by item id (ids are data; see neighbour-store), and not DynamoDB numbers — forward-decayed
 * counters grow past 2⁵³ between rebases, which the document client refuses to write. Rows written
 * before held the counters in `items`; they still read. The half-lives the counters were built with are
 * stored beside them (`halfLives`, [short, long] ms); rows written before they were kept have none, and
 * are read as built with the configured ones (see TrendRow).
 */
function countersOf(item: Record<string, unknown>) {
  const stored =
    item.doc instanceof Uint8Array ? JSON.parse(Buffer.from(item.doc).toString("utf8")) : item.items;
  if (Array.isArray(stored)) {
    return dict(
      (stored as [string, number, number][]).map(([id, s, l]): [string, [number, number]] => [
        String(id),
        [s, l],
      ]),
    );
  }
  return dict((stored ?? {}) as Record<string, [number, number]>);
}

function halfLivesOf(item: Record<string, unknown>): { halfLives?: [number, number] } {
  const stored = item.halfLives;
  return Array.isArray(stored) && stored.length === 2
    ? { halfLives: [Number(stored[0]), Number(stored[1])] }
    : {};
}

export function trendRowFromItem(item: Record<string, unknown>): { row: TrendRow; version: number } {
  return {
    row: {
      scope: String(item.scope),
      epoch: Number(item.epoch),
      latest: Number(item.latest),
      items: countersOf(item),
      ...halfLivesOf(item),
    },
    version: Number(item.v ?? 0),
  };
}

export class DynamoTrendStore implements TrendStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadTrendRows(scopes: readonly string[]) {
    const rows = await batchGet(this.db, this.tableName, scopes.map(keys.trend));
    return new Map(rows.map((item) => [String(item.scope), trendRowFromItem(item)]));
  }

  async saveTrendRow(row: TrendRow, expectedVersion: number): Promise<void> {
    await putVersioned(
      this.db,
      this.tableName,
      {
        ...keys.trend(row.scope),
        scope: row.scope,
        epoch: row.epoch,
        latest: row.latest,
        doc: Buffer.from(JSON.stringify(Object.entries(row.items).map(([id, [s, l]]) => [id, s, l])), "utf8"),
        ...(row.halfLives ? { halfLives: [...row.halfLives] } : {}),
        v: expectedVersion + 1,
      },
      expectedVersion,
    );
  }
}
