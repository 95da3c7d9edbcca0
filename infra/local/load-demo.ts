import { appContext } from "../../functions/context.js";
import { NO_VISITOR_PROOF } from "../../lib/auth/visitor-proof.js";
import { ingestEvents } from "../../lib/usecases/ingest-events.js";
import { putOffers } from "../../lib/usecases/offers-admin.js";
import { putRule } from "../../lib/usecases/rules-admin.js";
import { setPreferences } from "../../lib/usecases/set-preferences.js";
import { DEMO_PREFERENCES, demoCommunicationEvents } from "./demo-communications.js";
import { DEMO_ITEMS, demoOffers, demoRules, demoTraffic } from "./demo-data.js";
import type { LocalKindred } from "./local-kindred.js";

/**
 * Loads the demo catalog, offers, business rules, two weeks of traffic and the communications' preferences
 * and sends into a running local Kindred (`npm start` on an
 * empty store; the console's browser test). Returns what was loaded.
 */
export async function loadDemo(
  local: LocalKindred,
): Promise<{ items: number; offers: number; rules: number; events: number }> {
  const { catalog, offersAdmin, rulesAdmin, customers, publisher, streamRecords, now } = appContext();
  await catalog.upsertItems(DEMO_ITEMS);
  const admin = { subject: "demo-loader", scopes: new Set(["admin"] as const) };
  const demoOfferList = demoOffers(now());
  await putOffers(admin, demoOfferList, offersAdmin);
  const demoRuleList = demoRules(now());
  for (const { ruleId, rule } of demoRuleList) await putRule(admin, ruleId, rule, rulesAdmin);
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
      streamRecords,
    });
    await local.poller.drain();
  }
  // Communications (README, "Communications"): customers' channel choices, then what was sent and done.
  for (const [customerId, preferences] of DEMO_PREFERENCES)
    await setPreferences(admin, customerId, preferences, customers);
  await ingestEvents(producer, demoCommunicationEvents(now()), {
    publisher,
    visitorProof: NO_VISITOR_PROOF,
    now,
    streamRecords,
  });
  await local.poller.drain();
  return {
    items: DEMO_ITEMS.length,
    offers: demoOfferList.length,
    rules: demoRuleList.length,
    events: events.length,
  };
}
