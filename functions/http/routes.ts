/**
 * The HTTP surface, as data: the CDK app makes one function and one API route per entry, and the local
 * server serves the same entries. `handler` is the module in functions/http that exports `handler`.
 */
export interface RouteDefinition {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  handler: string;
  /**
   * `public` routes skip the authorizer; `jwt` routes take tokens of the deployer's identity provider;
   * `jwt-or-visitor` routes (those a `customer` token may call) also take the visitor tokens Kindred issues
   * (`POST /v1/visitors`; in AWS see infra/constructs/visitor-tokens.ts).
   */
  auth: "public" | "jwt" | "jwt-or-visitor";
  /**
   * What the function may do, for least-privilege grants: exactly the table actions its code calls, and
   * whether it records experiment impressions (a write confined to those rows by their key prefix).
   */
  access: {
    table?: readonly TableAction[];
    stream?: "write";
    /** Pages through the listing index (a Query on that index only; see TABLE_DEFINITION.listingIndex). */
    listing?: "query";
    experimentFacts?: "write";
    /** Signs visitor tokens with the visitor key, or verifies them (an identify's proof). */
    visitorKey?: "sign" | "verify";
  };
}

export type TableAction =
  | "GetItem"
  | "BatchGetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "BatchWriteItem"
  | "Query";

/** Lists read with BatchGetItem only (see RecommendationReads) and record impressions of tagged responses. */
const LIST: RouteDefinition["access"] = { table: ["BatchGetItem"], experimentFacts: "write" };
/** Admin lists page through the listing index (Query) and read the page's rows by key (BatchGetItem). */
const LISTING: RouteDefinition["access"] = { table: ["BatchGetItem"], listing: "query" };
/** Routes a `customer` token may call, so an anonymous visitor's token too. */
const VISITOR: RouteDefinition["auth"] = "jwt-or-visitor";

const route = (
  method: RouteDefinition["method"],
  path: string,
  handler: string,
  access: RouteDefinition["access"],
  auth: RouteDefinition["auth"] = "jwt",
): RouteDefinition => ({ method, path, handler, auth, access });

export const ROUTES: readonly RouteDefinition[] = [
  route("GET", "/v1/health", "health", {}, "public"),
  route("GET", "/v1/openapi.json", "openapi", {}, "public"),
  route("POST", "/v1/visitors", "post-visitors", { visitorKey: "sign" }, "public"),
  route("POST", "/v1/events", "post-events", { stream: "write", visitorKey: "verify" }, VISITOR),
  // The upsert reads stored `createdAt`s and the new-arrivals row, and writes that row versioned.
  route("PUT", "/v1/items", "put-items", {
    table: ["BatchGetItem", "PutItem", "BatchWriteItem", "UpdateItem"],
  }),
  route("GET", "/v1/items", "list-items", LISTING),
  route("GET", "/v1/items/{itemId}", "get-item", { table: ["GetItem"] }),
  // The delete, then the new-arrivals row (read, then written versioned) loses the item.
  route("DELETE", "/v1/items/{itemId}", "delete-item", {
    table: ["DeleteItem", "BatchGetItem", "PutItem", "UpdateItem"],
  }),
  route("GET", "/v1/items/{itemId}/also-viewed", "get-also-viewed", LIST, VISITOR),
  route(
    "GET",
    "/v1/items/{itemId}/bought-together",
    "get-bought-together",
    { table: ["BatchGetItem"] },
    VISITOR,
  ),
  route("GET", "/v1/trending", "get-trending", { table: ["BatchGetItem"] }, VISITOR),
  route("GET", "/v1/customers/{customerId}/recommendations", "get-recommendations", LIST, VISITOR),
  route("POST", "/v1/customers/{customerId}/rank", "post-rank", LIST, VISITOR),
  route("GET", "/v1/customers/{customerId}/profile", "get-profile", { table: ["GetItem"] }, VISITOR),
  route(
    "PUT",
    "/v1/customers/{customerId}/preferences",
    "put-preferences",
    { table: ["GetItem", "PutItem"] },
    VISITOR,
  ),
  // Erasure: the profile (read, then overwritten by the tombstone) and the rest of the customer's partition.
  route(
    "DELETE",
    "/v1/customers/{customerId}",
    "delete-customer",
    { table: ["GetItem", "PutItem", "Query", "BatchWriteItem"] },
    VISITOR,
  ),
  // Merging two known customers: both profiles read and written (versioned), admin only.
  route("POST", "/v1/customers/{customerId}/merge", "post-merge", { table: ["GetItem", "PutItem"] }),
  route("PUT", "/v1/offers", "put-offers", { table: ["BatchGetItem", "PutItem", "BatchWriteItem"] }),
  route("GET", "/v1/offers", "list-offers", LISTING),
  route("GET", "/v1/offers/{offerId}", "get-offer", { table: ["BatchGetItem"] }),
  route("DELETE", "/v1/offers/{offerId}", "delete-offer", {
    table: ["BatchGetItem", "PutItem", "DeleteItem"],
  }),
  route(
    "GET",
    "/v1/customers/{customerId}/offers",
    "get-customer-offers",
    { table: ["BatchGetItem"] },
    VISITOR,
  ),
  // Communications: the decision reads like a list (BatchGetItem) and records impressions when tagged.
  route("POST", "/v1/customers/{customerId}/messages/next", "post-next-message", LIST, VISITOR),
  route("POST", "/v1/messages/next", "post-next-messages", LIST),
  route("PUT", "/v1/experiments/{experimentId}", "put-experiment", {
    table: ["GetItem", "PutItem", "DeleteItem"],
  }),
  route("GET", "/v1/experiments", "list-experiments", LISTING),
  route("GET", "/v1/experiments/{experimentId}", "get-experiment", { table: ["GetItem"] }),
  route("GET", "/v1/experiments/{experimentId}/results", "get-experiment-results", {
    table: ["GetItem", "Query"],
  }),
  // A rule's definition, and each placement's row of rules (read, then written versioned).
  route("PUT", "/v1/rules/{ruleId}", "put-rule", { table: ["GetItem", "PutItem", "DeleteItem"] }),
  route("GET", "/v1/rules", "list-rules", LISTING),
  route("GET", "/v1/rules/{ruleId}", "get-rule", { table: ["GetItem", "BatchGetItem"] }),
  route("DELETE", "/v1/rules/{ruleId}", "delete-rule", { table: ["GetItem", "PutItem", "DeleteItem"] }),
];

export const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;
