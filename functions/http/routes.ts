/**
 * The HTTP surface, as data: the CDK app makes one function and one API route per entry, and the local
 * server serves the same entries. `handler` is the module in functions/http that exports `handler`.
 */
export interface RouteDefinition {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  handler: string;
  /** `public` routes skip the JWT authorizer. */
  auth: "public" | "jwt";
  /** What the function may do, for least-privilege grants: exactly the table actions its code calls. */
  access: { table?: readonly TableAction[]; stream?: "write" };
}

export type TableAction = "GetItem" | "BatchGetItem" | "PutItem" | "DeleteItem" | "BatchWriteItem" | "Query";

/** Every list reads with BatchGetItem only (see RecommendationReads). */
const LIST: RouteDefinition["access"] = { table: ["BatchGetItem"] };

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
  route("POST", "/v1/events", "post-events", { stream: "write" }),
  route("PUT", "/v1/items", "put-items", { table: ["BatchWriteItem"] }),
  route("GET", "/v1/items/{itemId}", "get-item", { table: ["GetItem"] }),
  route("DELETE", "/v1/items/{itemId}", "delete-item", { table: ["DeleteItem"] }),
  route("GET", "/v1/items/{itemId}/also-viewed", "get-also-viewed", LIST),
  route("GET", "/v1/items/{itemId}/bought-together", "get-bought-together", LIST),
  route("GET", "/v1/trending", "get-trending", LIST),
  route("GET", "/v1/customers/{customerId}/recommendations", "get-recommendations", LIST),
  route("POST", "/v1/customers/{customerId}/rank", "post-rank", LIST),
  route("GET", "/v1/customers/{customerId}/profile", "get-profile", { table: ["GetItem"] }),
  route("PUT", "/v1/customers/{customerId}/preferences", "put-preferences", {
    table: ["GetItem", "PutItem"],
  }),
  // Erasure: the profile (read, then overwritten by the tombstone) and the rest of the customer's partition.
  route("DELETE", "/v1/customers/{customerId}", "delete-customer", {
    table: ["GetItem", "PutItem", "Query", "BatchWriteItem"],
  }),
];

export const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;
