import { loadConfig } from "../lib/config/config.js";
import { createDynamoClient, createKinesisClient } from "../lib/data/clients.js";
import { type App, composeApp } from "./compose-app.js";

let context: App | undefined;

/**
 * This process's Kindred, built on first use and reused by every invocation: configuration from the
 * environment, clients from the configuration, and everything else from `composeApp`.
 */
export function appContext(): App {
  if (context) return context;
  const config = loadConfig(process.env);
  context = composeApp(config, { dynamo: createDynamoClient(config), kinesis: createKinesisClient(config) });
  return context;
}
