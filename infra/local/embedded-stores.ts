import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import dynalite from "dynalite";
import kinesalite from "kinesalite";
import { backfillCatalogProjection, projectionBackfilled } from "../../lib/data/projection-backfill.js";
import { STREAM_DEFINITION, TABLE_DEFINITION } from "../../lib/data/table-definition.js";
import { ensureListingIndex } from "./listing-migration.js";

export interface EmbeddedStores {
  dynamoEndpoint: string;
  kinesisEndpoint: string;
  tableName: string;
  streamName: string;
  close(): Promise<void>;
}

const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * Starts dynalite and kinesalite in this process, persisting under `dataDir` (in memory without one), and
 * creates the table and stream from the same definitions the CDK app uses.
 */
export async function startEmbeddedStores(dataDir?: string): Promise<EmbeddedStores> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dataDir ? { path: join(dataDir, "dynamodb") } : {}),
  });
  const kinesis = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 16,
    ...(dataDir ? { path: join(dataDir, "kinesis") } : {}),
  });
  const [dynamoEndpoint, kinesisEndpoint] = await Promise.all([listen(dynamo), listen(kinesis)]);
  const stores: EmbeddedStores = {
    dynamoEndpoint,
    kinesisEndpoint,
    tableName: TABLE_DEFINITION.localName,
    streamName: STREAM_DEFINITION.localName,
    close: async () => {
      await Promise.all([close(dynamo), close(kinesis)]);
    },
  };
  await Promise.all([createTable(dynamoEndpoint, stores.tableName), createStream(stores)]);
  return stores;
}

/**
 * Creates Kindred's table on a DynamoDB endpoint unless it exists; a table from before the listing index
 * gets it (dynalite cannot add an index in place, so the table is rebuilt: see listing-migration.ts), and
 * a catalog from before the catalog projection gets its entries there.
 */
export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const db = new DynamoDBClient({ ...LOCAL, endpoint });
  try {
    await ensureListingIndex(db, tableName);
    const doc = DynamoDBDocumentClient.from(db);
    if (!(await projectionBackfilled(doc, tableName))) await backfillCatalogProjection(doc, tableName);
  } finally {
    db.destroy();
  }
}

async function createStream(stores: EmbeddedStores): Promise<void> {
  const kinesis = new KinesisClient({
    ...LOCAL,
    endpoint: stores.kinesisEndpoint,
    requestHandler: new NodeHttpHandler(),
  });
  try {
    await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stores.streamName }));
  } catch {
    await kinesis.send(
      new CreateStreamCommand({
        StreamName: stores.streamName,
        ShardCount: STREAM_DEFINITION.localShardCount,
      }),
    );
    for (let i = 0; i < 50; i++) {
      const out = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stores.streamName }));
      if (out.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  kinesis.destroy();
}
