import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { appContext } from "../../functions/context.js";
import { writeLogsTo } from "../../functions/log.js";
import { NO_VISITOR_PROOF } from "../../lib/auth/visitor-proof.js";
import { ingestEvents } from "../../lib/usecases/ingest-events.js";
import { putOffers } from "../../lib/usecases/offers-admin.js";
import { setPreferences } from "../../lib/usecases/set-preferences.js";
import { DEMO_PREFERENCES, demoCommunicationEvents } from "./demo-communications.js";
import { DEMO_ITEMS, demoOffers, demoTraffic } from "./demo-data.js";
import { type LocalKindred, startLocalKindred } from "./local-kindred.js";
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

if (settings.demo && (await kindred.isEmpty())) await loadDemo(kindred);

const adminToken = await signToken(settings.jwtSecret, { sub: "admin", scope: "admin" });
const customerToken = await signToken(settings.jwtSecret, { sub: "demo-alice", scope: "customer" });
console.log(`
Kindred is running at ${kindred.url}   (data: ${settings.dataDir})

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

async function loadDemo(local: LocalKindred): Promise<void> {
  const { catalog, offers, publisher, profiles, now } = appContext();
  await catalog.upsertItems(DEMO_ITEMS);
  const admin = { subject: "demo-loader", scopes: new Set(["admin"] as const) };
  const demoOfferList = demoOffers(now());
  await putOffers(admin, demoOfferList, offers);
  // In time order and in waves, each applied before the next is sent, as live traffic would be: later
  // events then find the neighbours earlier ones built (what "recommended for you" draws on).
  const events = demoTraffic(now()).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const producer = { subject: "demo-loader", scopes: new Set(["ingest"] as const) };
  const wave = Math.ceil(events.length / 5);
  for (let i = 0; i < events.length; i += wave) {
    await ingestEvents(producer, events.slice(i, i + wave), {
      publisher,
      visitorProof: NO_VISITOR_PROOF,
      now,
    });
    await local.poller.drain();
  }
  // Communications (README, "Communications"): customers' channel choices, then what was sent and done.
  for (const [customerId, preferences] of DEMO_PREFERENCES)
    await setPreferences(admin, customerId, preferences, { profiles, now });
  await ingestEvents(producer, demoCommunicationEvents(now()), {
    publisher,
    visitorProof: NO_VISITOR_PROOF,
    now,
  });
  await local.poller.drain();
  console.log(
    `Demo loaded: ${DEMO_ITEMS.length} items, ${demoOfferList.length} offers, ${events.length} events.`,
  );
}
