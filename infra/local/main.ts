import { appContext } from "../../functions/context.js";
import { ingestEvents } from "../../lib/usecases/ingest-events.js";
import { putOffers } from "../../lib/usecases/offers-admin.js";
import { DEMO_ITEMS, demoOffers, demoTraffic } from "./demo-data.js";
import { type LocalKindred, startLocalKindred } from "./local-kindred.js";
import { readLocalSettings, signToken } from "./local-tokens.js";

// `npm start`: Kindred on this machine, with the local-mode settings of the API contract.
const settings = readLocalSettings(process.env);
const kindred = await startLocalKindred({
  dataDir: settings.dataDir,
  port: settings.port,
  host: settings.host,
  jwtSecret: settings.jwtSecret,
});

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
`);

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
  const { catalog, offers, publisher, now } = appContext();
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
    await ingestEvents(producer, events.slice(i, i + wave), { publisher, now });
    await local.poller.drain();
  }
  console.log(
    `Demo loaded: ${DEMO_ITEMS.length} items, ${demoOfferList.length} offers, ${events.length} events.`,
  );
}
