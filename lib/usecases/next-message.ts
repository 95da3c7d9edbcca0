import { type Principal, resolveCustomer, SELF_ALIAS } from "../auth/principal.js";
import { decideNextMessage } from "../domain/next-message.js";
import type { NextMessageRequest, NextMessageResponse } from "../schemas/messages.js";
import { armFor, recordImpression, withTag } from "./experiment-arm.js";
import { FILL_FIRST_READ, fillMessage, type MessageDeps } from "./message-fill.js";

/**
 * Who a single decision is for: the path's customer for `ingest` and `admin` tokens (a campaign tool or
 * back office), else the token's own customer only (Forbidden otherwise); `me` is the token's subject.
 */
export function messageCustomer(principal: Principal, pathCustomerId: string): string {
  if (principal.scopes.has("ingest") && pathCustomerId !== SELF_ALIAS) return pathCustomerId;
  return resolveCustomer(principal, pathCustomerId);
}

/**
 * `POST /v1/customers/{customerId}/messages/next`: the next communication for one customer — the first
 * candidate that may be sent, in the variant that fits them, with the combinable others, or `suppress` —
 * with reasons, and (when asked and sent) ranked items or offers for its free space. Tagged with the
 * `messages` placement's experiment when one runs (its impression recorded alongside the fill).
 * Round trips: one (the profile, the placement's running experiment and, with `fill`, what the for-you list
 * reads first), and one more for the fill. Throws Forbidden for another customer's `customer` token.
 */
export async function nextMessage(
  principal: Principal,
  pathCustomerId: string,
  request: NextMessageRequest,
  deps: MessageDeps,
): Promise<NextMessageResponse> {
  const customerId = messageCustomer(principal, pathCustomerId);
  const first = await deps.reads.read({
    customerId,
    placement: "messages",
    ...(request.fill ? FILL_FIRST_READ : {}),
  });
  const arm = armFor(first.running, customerId, deps.strategy);
  const decision = decideNextMessage(first.profile?.state, request.channel, request.messages, deps.now());
  const [fill] = await Promise.all([
    decision.decision === "send" && request.fill
      ? fillMessage(customerId, request.fill, arm, first, deps)
      : undefined,
    // Only a communication that goes out is shown to the customer: a suppressed decision is no impression.
    decision.decision === "send" ? recordImpression(deps.experiments, arm) : undefined,
  ]);
  const { reasons: fillReasons = [], ...filled } = fill ?? {};
  return withTag(
    {
      recommendationId: arm.recommendationId,
      ...decision,
      reasons: [...decision.reasons, ...fillReasons],
      ...filled,
    },
    arm,
  );
}
