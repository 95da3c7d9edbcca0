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
  /** What the function may do, for least-privilege grants. */
  access: { table?: "read" | "readwrite"; stream?: "write" };
}

export const ROUTES: readonly RouteDefinition[] = [
  { method: "GET", path: "/v1/health", handler: "health", auth: "public", access: {} },
  { method: "GET", path: "/v1/openapi.json", handler: "openapi", auth: "public", access: {} },
  { method: "POST", path: "/v1/events", handler: "post-events", auth: "jwt", access: { stream: "write" } },
  { method: "PUT", path: "/v1/items", handler: "put-items", auth: "jwt", access: { table: "readwrite" } },
  { method: "GET", path: "/v1/items/{itemId}", handler: "get-item", auth: "jwt", access: { table: "read" } },
  {
    method: "DELETE",
    path: "/v1/items/{itemId}",
    handler: "delete-item",
    auth: "jwt",
    access: { table: "readwrite" },
  },
  {
    method: "GET",
    path: "/v1/items/{itemId}/also-viewed",
    handler: "get-also-viewed",
    auth: "jwt",
    access: { table: "read" },
  },
  {
    method: "GET",
    path: "/v1/items/{itemId}/bought-together",
    handler: "get-bought-together",
    auth: "jwt",
    access: { table: "read" },
  },
  { method: "GET", path: "/v1/trending", handler: "get-trending", auth: "jwt", access: { table: "read" } },
  {
    method: "GET",
    path: "/v1/customers/{customerId}/recommendations",
    handler: "get-recommendations",
    auth: "jwt",
    access: { table: "read" },
  },
  {
    method: "POST",
    path: "/v1/customers/{customerId}/rank",
    handler: "post-rank",
    auth: "jwt",
    access: { table: "read" },
  },
  {
    method: "GET",
    path: "/v1/customers/{customerId}/profile",
    handler: "get-profile",
    auth: "jwt",
    access: { table: "read" },
  },
  {
    method: "PUT",
    path: "/v1/customers/{customerId}/preferences",
    handler: "put-preferences",
    auth: "jwt",
    access: { table: "readwrite" },
  },
  {
    method: "DELETE",
    path: "/v1/customers/{customerId}",
    handler: "delete-customer",
    auth: "jwt",
    access: { table: "readwrite" },
  },
];

export const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;
