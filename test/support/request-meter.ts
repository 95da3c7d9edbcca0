import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Counts what a DynamoDB client actually sends, for benchmarks and round-trip assertions. */
export interface RequestCounts {
  /** Requests sent, by command name (retries of unprocessed items count again). */
  requests: Record<string, number>;
  /** Sequential waves of requests: a request sent while another is in flight joins its round trip. */
  roundTrips: number;
  /** Items written or deleted: one per Put/Update/Delete, one per entry of a BatchWrite. */
  itemWrites: number;
  /** Items put, by kind of row: key prefix and sort key, e.g. `CUSTOMER/PROFILE`, `ITEM/COVIEW`. */
  putsByRowKind: Record<string, number>;
  /** Write units of single-item puts, by kind of row as above (a BatchWrite's units are not per item). */
  putUnitsByRowKind: Record<string, number>;
  writeCapacityUnits: number;
  readCapacityUnits: number;
}

const WRITE_COMMANDS = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand"]);

/** Key attributes arrive plain or marshalled, depending on where in the stack this runs. */
const text = (value: unknown): string =>
  typeof value === "string" ? value : String((value as { S?: unknown } | undefined)?.S ?? "");

function rowKind(item: Record<string, unknown> | undefined): string {
  const sk = text(item?.sk);
  // Sort keys that carry an id (a sequence number, an event fingerprint) name the kind by their prefix.
  return `${text(item?.pk).split("#")[0]}/${/^\d+$/.test(sk) ? "*" : sk.split("#")[0]}`;
}

type Capacity = { CapacityUnits?: number; WriteCapacityUnits?: number; ReadCapacityUnits?: number };

export function meterRequests(db: DynamoDBDocumentClient): { counts: RequestCounts; reset(): void } {
  const counts: RequestCounts = {
    requests: {},
    roundTrips: 0,
    itemWrites: 0,
    putsByRowKind: {},
    putUnitsByRowKind: {},
    writeCapacityUnits: 0,
    readCapacityUnits: 0,
  };
  let inFlight = 0;
  const countPut = (item: Record<string, unknown> | undefined) => {
    const kind = rowKind(item);
    counts.putsByRowKind[kind] = (counts.putsByRowKind[kind] ?? 0) + 1;
  };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "unknown";
      counts.requests[name] = (counts.requests[name] ?? 0) + 1;
      const input = args.input as {
        Item?: Record<string, unknown>;
        RequestItems?: Record<string, { PutRequest?: { Item?: Record<string, unknown> } }[]>;
        ReturnConsumedCapacity?: string;
      };
      if (WRITE_COMMANDS.has(name)) counts.itemWrites++;
      if (name === "PutItemCommand") countPut(input.Item);
      if (name === "BatchWriteItemCommand") {
        for (const list of Object.values(input.RequestItems ?? {})) {
          counts.itemWrites += list.length;
          for (const request of list) if (request.PutRequest) countPut(request.PutRequest.Item);
        }
      }
      input.ReturnConsumedCapacity = "TOTAL";
      if (inFlight++ === 0) counts.roundTrips++;
      const result = await next(args).finally(() => {
        inFlight--;
      });
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of [consumed ?? []].flat()) {
        const units = c.CapacityUnits ?? 0;
        if (WRITE_COMMANDS.has(name) || name === "BatchWriteItemCommand") counts.writeCapacityUnits += units;
        if (name === "PutItemCommand") {
          const kind = rowKind(input.Item);
          counts.putUnitsByRowKind[kind] = (counts.putUnitsByRowKind[kind] ?? 0) + units;
        } else counts.readCapacityUnits += units;
      }
      return result;
    },
    { step: "initialize", name: "kindredRequestMeter" },
  );
  return {
    counts,
    reset() {
      counts.requests = {};
      counts.roundTrips = 0;
      counts.itemWrites = 0;
      counts.putsByRowKind = {};
      counts.putUnitsByRowKind = {};
      counts.writeCapacityUnits = 0;
      counts.readCapacityUnits = 0;
    },
  };
}
