import {
  nextMessageRequestSchema,
  nextMessageResponseSchema,
  nextMessagesRequestSchema,
  nextMessagesResponseSchema,
} from "../../lib/schemas/messages.js";
import type { Operation } from "./openapi-operation.js";

const messageExample = {
  channel: "email",
  messages: [
    {
      messageId: "statement-2026-11",
      purpose: "transactional",
      variants: [{ variantId: "statement-fr", language: "fr" }, { variantId: "statement-en" }],
    },
    {
      messageId: "fee-notice",
      purpose: "transactional",
      combinable: true,
      variants: [{ variantId: "fee-v1" }],
    },
  ],
  fill: { source: "recommendations", limit: 3 },
};

/** The communications' routes, keyed like OPERATIONS. */
export const MESSAGE_OPERATIONS: Record<string, Operation> = {
  "POST /v1/customers/{customerId}/messages/next": {
    operationId: "nextMessage",
    tag: "Communications",
    summary: "Decide a customer's next communication",
    description:
      "`me` for the token's own customer (ingest and admin: any). The first candidate that may be sent, in the variant that fits, with combinable others; or `suppress`. Always with reasons.",
    request: nextMessageRequestSchema,
    requestExample: messageExample,
    response: { status: 200, description: "The decision", schema: nextMessageResponseSchema },
    errors: [503],
  },
  "POST /v1/messages/next": {
    operationId: "nextMessages",
    tag: "Communications",
    summary: "Decide the next communication for 1–1,000 customers (ingest, admin)",
    description: "For a campaign tool: the same decision per customer, in the order given.",
    request: nextMessagesRequestSchema,
    requestExample: { customerIds: ["alice", "bob"], ...messageExample },
    response: { status: 200, description: "One decision per customer", schema: nextMessagesResponseSchema },
    errors: [413, 503],
  },
};
