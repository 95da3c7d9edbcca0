// The embedded stores' own thread (started by embedded-stores.ts). Plain CommonJS so that it loads the same
// way under node, tsx and vitest. Listens on two free ports, reports them, and closes both on "close".
const { parentPort, workerData } = require("node:worker_threads");
const { join } = require("node:path");
const dynalite = require("dynalite");
const kinesalite = require("kinesalite");

const { dataDir } = workerData;
const instant = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
const dynamo = dynalite({ ...instant, ...(dataDir ? { path: join(dataDir, "dynamodb") } : {}) });
const kinesis = kinesalite({
  createStreamMs: 0,
  deleteStreamMs: 0,
  updateStreamMs: 0,
  shardLimit: 16,
  ...(dataDir ? { path: join(dataDir, "kinesis") } : {}),
});

const listen = (server) =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
const close = (server) => new Promise((resolve) => server.close(() => resolve()));

// A store that cannot open its files (another process holds them) fails from a callback: hand the error
// to the starting thread by message, as errors themselves do not cross threads whole.
const report = (error) => {
  parentPort.postMessage({
    error: { name: error?.name, message: String(error?.message ?? error), code: error?.code },
  });
  process.exit(1);
};
process.on("uncaughtException", report);
Promise.all([listen(dynamo), listen(kinesis)]).then(
  ([dynamoPort, kinesisPort]) => parentPort.postMessage({ dynamoPort, kinesisPort }),
  report,
);
parentPort.on("message", async (message) => {
  if (message !== "close") return;
  await Promise.all([close(dynamo), close(kinesis)]);
  process.exit(0);
});
