import { startLocalKindred } from "../../infra/local/local-kindred.js";

/**
 * The local server for the serving benchmark, in its own process so its CPU and event loop are its own:
 * in-memory embedded stores, the same handlers and poller as `npm start`. Prints where it listens.
 */
const secret = process.env.BENCH_JWT_SECRET;
if (!secret) throw new Error("BENCH_JWT_SECRET is required");
const kindred = await startLocalKindred({ port: 0, jwtSecret: secret });
process.stdout.write(
  `${JSON.stringify({ url: kindred.url, dynamoEndpoint: kindred.stores.dynamoEndpoint, tableName: kindred.stores.tableName })}\n`,
);
