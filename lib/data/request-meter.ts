import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Counts what a DynamoDB client actually sends, for benchmarks and round-trip assertions. */
export interface RequestCounts {
  /** Requests sent, by command name (retries of unprocessed items count again). */
  requests: Record<string, number>;
  /** Items written or deleted: one per Put/Update/Delete, one per entry of a BatchWrite. */
  itemWrites: number;
  writeCapacityUnits: number;
  readCapacityUnits: number;
}

const WRITE_COMMANDS = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand"]);

type Capacity = { CapacityUnits?: number; WriteCapacityUnits?: number; ReadCapacityUnits?: number };

export function meterRequests(db: DynamoDBDocumentClient): { counts: RequestCounts; reset(): void } {
  const counts: RequestCounts = { requests: {}, itemWrites: 0, writeCapacityUnits: 0, readCapacityUnits: 0 };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "unknown";
      counts.requests[name] = (counts.requests[name] ?? 0) + 1;
      const input = args.input as {
        RequestItems?: Record<string, unknown[]>;
        ReturnConsumedCapacity?: string;
      };
      if (WRITE_COMMANDS.has(name)) counts.itemWrites++;
      if (name === "BatchWriteItemCommand") {
        counts.itemWrites += Object.values(input.RequestItems ?? {}).reduce((n, list) => n + list.length, 0);
      }
      input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of [consumed ?? []].flat()) {
        const units = c.CapacityUnits ?? 0;
        if (WRITE_COMMANDS.has(name) || name === "BatchWriteItemCommand") counts.writeCapacityUnits += units;
        else counts.readCapacityUnits += units;
      }
      return result;
    },
    { step: "initialize", name: "kindredRequestMeter" },
  );
  return {
    counts,
    reset() {
      counts.requests = {};
      counts.itemWrites = 0;
      counts.writeCapacityUnits = 0;
      counts.readCapacityUnits = 0;
    },
  };
}
