import { mkdirSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
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

interface StorePorts {
  dynamoPort: number;
  kinesisPort: number;
}
interface ThreadError {
  name?: string;
  message: string;
  code?: string;
}

const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

/**
 * Starts dynalite and kinesalite, persisting under `dataDir` (in memory without one), and creates the table
 * and stream from the same definitions the CDK app uses. The stores run in a thread of their own
 * (store-thread.cjs), as DynamoDB and Kinesis are services apart in AWS: their CPU then is not the
 * handlers' and the consumer's (sharing one thread, the local consumer fell behind a 200 events/s load,
 * see docs/benchmarks.md). Rejects if a store cannot start (e.g. `dataDir` held by another process).
 */
export async function startEmbeddedStores(dataDir?: string): Promise<EmbeddedStores> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const thread = new Worker(new URL("./store-thread.cjs", import.meta.url), { workerData: { dataDir } });
  const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
  const ports = await new Promise<StorePorts>((resolve, reject) => {
    let started = false;
    thread.on("message", (message: StorePorts | { error: ThreadError }) => {
      if (!("error" in message)) {
        started = true;
        resolve(message);
        return;
      }
      const error = Object.assign(new Error(message.error.message), message.error);
      // After start, fail the process as the stores did in this thread: an uncaught error.
      if (started)
        process.nextTick(() => {
          throw error;
        });
      else reject(error);
    });
    thread.once("exit", (code) => reject(new Error(`the embedded stores stopped at start (exit ${code})`)));
  });
  const stores: EmbeddedStores = {
    dynamoEndpoint: `http://127.0.0.1:${ports.dynamoPort}`,
    kinesisEndpoint: `http://127.0.0.1:${ports.kinesisPort}`,
    tableName: TABLE_DEFINITION.localName,
    streamName: STREAM_DEFINITION.localName,
    close: async () => {
      thread.postMessage("close");
      await exited;
    },
  };
  await Promise.all([createTable(stores.dynamoEndpoint, stores.tableName), createStream(stores)]);
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
