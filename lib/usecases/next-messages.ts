import { type Principal, requireAnyScope } from "../auth/principal.js";
import { mapWithConcurrency } from "../concurrency.js";
import type { ExperimentFact } from "../data/experiment-store.js";
import type { ProfileStore, StoredProfile } from "../data/profile-store.js";
import { decideNextMessage } from "../domain/next-message.js";
import { InvalidInput } from "../errors.js";
import type { NextMessagesRequest, NextMessagesResponse } from "../schemas/messages.js";
import { armFor, withTag } from "./experiment-arm.js";
import { FILL_FIRST_READ, fillMessage, type MessageDeps } from "./message-fill.js";

export interface CampaignDeps extends MessageDeps {
  profiles: Pick<ProfileStore, "loadProfiles">;
}

/**
 * Customers per BatchGetItem (DynamoDB's limit), and how many of those are in flight at once: all ten of a
 * maximal batch (with 4 the batch measured ~15% slower; the bound still caps what one request can ask).
 */
const PROFILES_PER_READ = 100;
const PARALLEL_READS = 10;
/** Fills (one round trip each) in flight at once. */
const PARALLEL_FILLS = 8;

/**
 * `POST /v1/messages/next` (ingest, admin): the decision `nextMessage` makes, for 1–1,000 customers, in the
 * order given (a customer named twice is decided twice, alike). Profiles are read by BatchGetItem, 100 a
 * request and at most 10 requests in flight, alongside one read of the `messages` placement (and, with
 * `fill`, the trending and new-arrivals rows every fill shares); each customer sent a filled message costs
 * one more read, at most 8 in flight. Impressions of tagged decisions are written in one batch.
 * Throws Forbidden for a `customer` token.
 */
/** Below Lambda's 6 MB response limit, with room for the envelope. */
const MAX_RESPONSE_BYTES = 5_000_000;

export async function nextMessages(
  principal: Principal,
  request: NextMessagesRequest,
  deps: CampaignDeps,
): Promise<NextMessagesResponse> {
  requireAnyScope(principal, "ingest", "admin");
  const unique = [...new Set(request.customerIds)];
  const groups = Array.from({ length: Math.ceil(unique.length / PROFILES_PER_READ) }, (_, i) =>
    unique.slice(i * PROFILES_PER_READ, (i + 1) * PROFILES_PER_READ),
  );
  const [loaded, shared] = await Promise.all([
    mapWithConcurrency(groups, PARALLEL_READS, (ids) => deps.profiles.loadProfiles(ids)),
    deps.reads.read({ placement: "messages", ...(request.fill ? FILL_FIRST_READ : {}) }),
  ]);
  const profiles = new Map<string, StoredProfile>(loaded.flatMap((m) => [...m]));
  const now = deps.now();
  const { fill } = request;
  const decided = request.customerIds.map((customerId) => {
    const profile = profiles.get(customerId);
    const arm = armFor(shared.running, customerId, deps.strategy);
    const decision = decideNextMessage(profile?.state, request.channel, request.messages, now);
    return { customerId, profile, arm, decision };
  });
  // An impression per customer whose communication goes out: not for a suppressed decision, nor again for
  // a customer named twice in one batch.
  const counted = new Set<string>();
  const impressions: ExperimentFact[] = decided.flatMap(({ customerId, arm, decision }) => {
    if (!arm.tag || decision.decision !== "send" || counted.has(customerId)) return [];
    counted.add(customerId);
    return [{ ...arm.tag, kind: "IMPRESSION" as const, recommendationId: arm.recommendationId }];
  });
  const [decisions] = await Promise.all([
    mapWithConcurrency(decided, PARALLEL_FILLS, async ({ customerId, profile, arm, decision }) => {
      const filled =
        decision.decision === "send" && fill
          ? await fillMessage(customerId, fill, arm, { ...shared, profile }, deps)
          : undefined;
      const { reasons: fillReasons = [], ...rest } = filled ?? {};
      const response = {
        customerId,
        recommendationId: arm.recommendationId,
        ...decision,
        reasons: [...decision.reasons, ...fillReasons],
        ...rest,
      };
      return withTag(response, arm);
    }),
    impressions.length ? deps.experiments.record(impressions) : undefined,
  ]);
  // Lambda answers at most 6 MB: a batch whose decisions would not fit is refused, saying what to change.
  const bytes = Buffer.byteLength(JSON.stringify(decisions));
  if (bytes > MAX_RESPONSE_BYTES) {
    const fits = Math.max(1, Math.floor((request.customerIds.length * MAX_RESPONSE_BYTES) / bytes));
    throw new InvalidInput([
      {
        path: "customerIds",
        message: `the decisions for ${request.customerIds.length} customers would be ${(bytes / 1e6).toFixed(1)} MB, over the 5 MB a response may hold: send at most about ${fits} per request`,
      },
    ]);
  }
  return { decisions };
}
