import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { consoleAssets } from "../../clients/console/bundle.js";
import { bundleTracker } from "../../clients/tracker/bundle.js";
import { ROUTES } from "../../functions/http/routes.js";
import { loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createDynamoClient, createKinesisClient } from "../../lib/data/clients.js";
import { projectionHeadRow } from "../../lib/data/rows/projection-head.js";
import { EVENT_SOURCE_MAPPING } from "../../lib/stream/event-source-mapping.js";
import { fileCheckpoints, memoryCheckpoints } from "./checkpoints.js";
import { type EmbeddedStores, startEmbeddedStores } from "./embedded-stores.js";
import { type HttpHandler, startHttpAdapter } from "./http-adapter.js";
import { LiveEventLog } from "./live-events.js";
import {
  type FailedBatchInfo,
  type PollerOptions,
  type StreamHandler,
  StreamPoller,
} from "./stream-poller.js";

export interface LocalKindredOptions {
  /** Where data persists; in memory when absent (tests). */
  dataDir?: string | undefined;
  /** 0 picks a free port. */
  port: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string | undefined;
  jwtSecret: string;
  /** Overrides of the event source mapping settings, for tests of its rules. */
  poller?: Partial<Omit<PollerOptions, "kinesis" | "streamName" | "handler" | "checkpoints">>;
}

export interface LocalKindred {
  url: string;
  /** Where the web console is served (`GET /console`). */
  consoleUrl: string;
  stores: EmbeddedStores;
  poller: StreamPoller;
  /** Everything the on-failure sink received. */
  failedBatches: FailedBatchInfo[];
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Whether the table holds nothing a person put there: the projection's head does not count (it is written
 * when an empty table is created); its shards and the new arrivals do, as they remain after a catalog's
 * items were deleted, and that table is someone's, not the demo's.
 * Start-up only (demo loading), never on a request path: it may scan until it meets the first other row.
 */
async function holdsNoData(db: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({ TableName: tableName, Limit: 100, ExclusiveStartKey: startKey }),
    );
    if ((out.Items ?? []).some((row) => !projectionHeadRow.recognises(row))) return false;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return true;
}

/**
 * The whole of Kindred on one machine: embedded stores, the same HTTP handlers behind an API Gateway
 * stand-in, and a poller that feeds the same stream consumer under Lambda's rules.
 */
export async function startLocalKindred(options: LocalKindredOptions): Promise<LocalKindred> {
  const stores = await startEmbeddedStores(options.dataDir);
  // The functions read configuration from the environment, exactly as they do in Lambda.
  Object.assign(process.env, {
    [ENV.tableName]: stores.tableName,
    [ENV.streamName]: stores.streamName,
    [ENV.dynamoEndpoint]: stores.dynamoEndpoint,
    [ENV.kinesisEndpoint]: stores.kinesisEndpoint,
    // Visitor tokens are signed like every local token, with the local secret (AWS uses a KMS key).
    [ENV.localJwtSecret]: options.jwtSecret,
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
  });
  const config = loadConfig(process.env);

  const loaded = await Promise.all(
    ROUTES.map(async (route) => {
      const module = (await import(`../../functions/http/${route.handler}.ts`)) as { handler: HttpHandler };
      return { route, handler: module.handler };
    }),
  );
  const consumer = (await import("../../functions/stream/consume-events.js")) as { handler: StreamHandler };

  // The console's live view: the latest events the stream delivers, seen just before the consumer applies them.
  const liveEvents = new LiveEventLog();
  const failedBatches: FailedBatchInfo[] = [];
  const failureLog = options.dataDir ? join(options.dataDir, "failed-batches.jsonl") : undefined;
  const poller = new StreamPoller({
    kinesis: createKinesisClient(config),
    streamName: stores.streamName,
    handler: async (event) => {
      liveEvents.record(event.Records);
      return consumer.handler(event);
    },
    batchSize: EVENT_SOURCE_MAPPING.batchSize,
    maxRetryAttempts: EVENT_SOURCE_MAPPING.retryAttempts,
    maxRecordAgeMs: (EVENT_SOURCE_MAPPING.maxRecordAgeSeconds ?? Number.POSITIVE_INFINITY) * 1000,
    bisectOnError: EVENT_SOURCE_MAPPING.bisectBatchOnError,
    checkpoints: options.dataDir
      ? fileCheckpoints(join(options.dataDir, "stream-checkpoints.json"))
      : memoryCheckpoints(),
    onFailure: async (info) => {
      failedBatches.push(info);
      if (failureLog) await appendFile(failureLog, `${JSON.stringify(info)}\n`);
    },
    ...options.poller,
  });
  await poller.start();
  const http = await startHttpAdapter(loaded, options.jwtSecret, options.port, options.host, {
    assets: {
      "/tracker.js": async () => ({
        contentType: "text/javascript; charset=utf-8",
        body: await bundleTracker(),
      }),
      ...consoleAssets(),
    },
    adminRoutes: { "/local/events": liveEvents.route },
  });
  const db = createDynamoClient(config);

  return {
    url: http.url,
    consoleUrl: `${http.url}/console`,
    stores,
    poller,
    failedBatches,
    isEmpty: () => holdsNoData(db, stores.tableName),
    close: async () => {
      await http.close();
      await poller.stop();
      await stores.close();
    },
  };
}
