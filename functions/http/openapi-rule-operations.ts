import { ruleRequestSchema, ruleSchema } from "../../lib/schemas/rule.js";
import { listing } from "./openapi-listing.js";
import type { Operation } from "./openapi-operation.js";

/** The business rules' routes (admin), keyed like OPERATIONS. */
export const RULE_OPERATIONS: Record<string, Operation> = {
  "PUT /v1/rules/{ruleId}": {
    operationId: "putRule",
    tag: "Rules",
    summary: "Create or replace a business rule",
    description:
      "Applied from the next request while valid, in the order filter, boost, promote, pin, never to show an item eligibility excludes; each effect shows in the item's reasons. 409 when the placement already holds 100 rules (or 64 KB of them).",
    request: ruleRequestSchema,
    requestExample: {
      placement: "recommendations",
      action: "promote",
      share: 0.2,
      when: { categories: ["camping/tents"] },
      validFrom: "2030-06-01T00:00:00Z",
      validUntil: "2030-09-01T00:00:00Z",
    },
    response: { status: 200, description: "The rule as stored, with its status", schema: ruleSchema },
    errors: [409, 503],
  },
  "GET /v1/rules": listing("listRules", "Rules", "List the business rules", "rules", ruleSchema),
  "GET /v1/rules/{ruleId}": {
    operationId: "getRule",
    tag: "Rules",
    summary: "Read a business rule",
    response: { status: 200, description: "The rule as stored, with its status", schema: ruleSchema },
    errors: [404, 503],
  },
  "DELETE /v1/rules/{ruleId}": {
    operationId: "deleteRule",
    tag: "Rules",
    summary: "Remove a business rule",
    description: "Lists stop applying it with the next request.",
    response: { status: 204, description: "Removed" },
    errors: [404, 503],
  },
};
