import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeLogsTo } from "../../functions/log.js";
import { loadDemo } from "./load-demo.js";
import { startLocalKindred } from "./local-kindred.js";
import { readLocalSettings, signToken } from "./local-tokens.js";
import { startupProblem } from "./startup-problem.js";

// `npm start`: Kindred on this machine, with the local-mode settings of the API contract.
const settings = (() => {
  try {
    return readLocalSettings(process.env);
  } catch (error) {
    return stop(error instanceof Error ? error.message : String(error));
  }
})();

// The terminal is for people: the JSON log lines (batches applied, counts) go to a file; errors are also
// announced here, briefly.
mkdirSync(settings.dataDir, { recursive: true });
const logFile = join(settings.dataDir, "kindred.log");
const logStream = createWriteStream(logFile, { flags: "a" });
writeLogsTo((line, level) => {
  logStream.write(`${line}\n`);
  if (level === "error") console.error(`An error was logged (details in ${logFile}).`);
});

// The embedded stores report a data directory held by another server from a callback, not a promise.
process.on("uncaughtException", (error) => stop(startupProblem(error, settings), error));
const kindred = await startLocalKindred({
  dataDir: settings.dataDir,
  port: settings.port,
  host: settings.host,
  jwtSecret: settings.jwtSecret,
}).catch((error: unknown) => stop(startupProblem(error, settings), error));

if (settings.demo && (await kindred.isEmpty())) {
  const loaded = await loadDemo(kindred);
  console.log(
    `Demo loaded: ${loaded.items} items, ${loaded.offers} offers, ${loaded.rules} business rules, ${loaded.events} events.`,
  );
}

const adminToken = await signToken(settings.jwtSecret, { sub: "admin", scope: "admin" });
const customerToken = await signToken(settings.jwtSecret, { sub: "demo-alice", scope: "customer" });
console.log(`
Kindred is running at ${kindred.url}   (data: ${settings.dataDir})
Web console:          ${kindred.consoleUrl}   (paste a token below; it stays in that browser tab)

  admin token (sub=admin):
    ${adminToken}
  customer token (sub=demo-alice):
    ${customerToken}

  Try:  curl -H "Authorization: Bearer <customer token>" ${kindred.url}/v1/customers/me/profile
  More: npm run token -- --sub <id> --scope "customer"     Stop: Ctrl+C
  Logs: ${logFile} (JSON lines)
`);

function stop(message: string, error?: unknown): never {
  console.error(`Kindred could not start: ${message}`);
  if (process.env.KINDRED_DEBUG === "1" && error instanceof Error) console.error(error.stack);
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    // Apply what is already on the stream before closing, so nothing accepted waits for the next start.
    await kindred.poller.drain().catch(() => undefined);
    await kindred.close();
    process.exit(0);
  });
}
