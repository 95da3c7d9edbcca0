import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type EmbeddedStores, startEmbeddedStores } from "../../infra/local/embedded-stores.js";
import { type KindredConfig, loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createDynamoClient, createKinesisClient } from "../../lib/data/clients.js";

export interface TestStores {
  stores: EmbeddedStores;
  config: KindredConfig;
  db: DynamoDBDocumentClient;
  kinesis: KinesisClient;
}

/** Fresh in-memory dynalite and kinesalite with Kindred's table and stream. */
export async function startTestStores(): Promise<TestStores> {
  const stores = await startEmbeddedStores();
  const config = loadConfig({
    [ENV.tableName]: stores.tableName,
    [ENV.streamName]: stores.streamName,
    [ENV.dynamoEndpoint]: stores.dynamoEndpoint,
    [ENV.kinesisEndpoint]: stores.kinesisEndpoint,
  });
  return { stores, config, db: createDynamoClient(config), kinesis: createKinesisClient(config) };
}

/** A unique prefix per test so tests sharing a store never see each other's customers or items. */
let counter = 0;
export const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}`;
