import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TrendRow } from "../domain/trending.js";
import { batchGet } from "./batch.js";
import { type DocumentFormat, WRITTEN_FORMAT } from "./rows/packed-document.js";
import { trendRow } from "./rows/trend.js";
import { putVersioned } from "./versioned-put.js";

export interface TrendStore {
  loadTrendRows(scopes: readonly string[]): Promise<Map<string, { row: TrendRow; version: number }>>;
  /** Conflict if the row changed since `expectedVersion`. */
  saveTrendRow(row: TrendRow, expectedVersion: number): Promise<void>;
}

export class DynamoTrendStore implements TrendStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How documents are written (packed-document.ts); every format reads. */
    private readonly documentFormat: DocumentFormat = WRITTEN_FORMAT,
  ) {}

  async loadTrendRows(scopes: readonly string[]) {
    const rows = await batchGet(this.db, this.tableName, scopes.map(trendRow.key));
    return new Map(rows.map(trendRow.fromItem).map((stored) => [stored.row.scope, stored]));
  }

  async saveTrendRow(row: TrendRow, expectedVersion: number): Promise<void> {
    await putVersioned(
      this.db,
      this.tableName,
      trendRow.toItem(row, expectedVersion + 1, this.documentFormat),
      expectedVersion,
    );
  }
}
