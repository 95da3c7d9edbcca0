import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { TrendRow } from "../domain/trending.js";
import { Conflict } from "../errors.js";
import { batchGet } from "./batch.js";
import { keys } from "./keys.js";

export interface TrendStore {
  loadTrendRows(scopes: readonly string[]): Promise<Map<string, { row: TrendRow; version: number }>>;
  /** Conflict if the row changed since `expectedVersion`. */
  saveTrendRow(row: TrendRow, expectedVersion: number): Promise<void>;
}

export function trendRowFromItem(item: Record<string, unknown>): { row: TrendRow; version: number } {
  return {
    row: {
      scope: String(item.scope),
      epoch: Number(item.epoch),
      latest: Number(item.latest),
      items: (item.items as Record<string, [number, number]> | undefined) ?? {},
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
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.trend(row.scope), ...row, v: expectedVersion + 1 },
          ...(expectedVersion === 0
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : {
                ConditionExpression: "v = :expected",
                ExpressionAttributeValues: { ":expected": expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new Conflict("The trending row changed meanwhile.");
      throw error;
    }
  }
}
