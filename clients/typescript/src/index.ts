import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./openapi.js";

export type { components, operations, paths };

type Schemas = components["schemas"];
/** RFC 9457 problem details: every error Kindred answers with (`errors` names each failing field). */
export type Problem = Schemas["Problem"];
export type Event = Schemas["Event"];
/** A catalog item as returned; `ItemInput` as sent (defaults may be left out). */
export type Item = Schemas["Item"];
export type ItemInput = Schemas["ItemInput"];
export type Offer = Schemas["Offer"];
export type Reason = Schemas["Reason"];
export type Recommendations = Schemas["Recommendations"];
export type Profile = Schemas["Profile"];
export type Preferences = Schemas["Preferences"];
export type Experiment = Schemas["Experiment"];
export type CandidateMessage = Schemas["CandidateMessage"];
export type MessageDecision = Schemas["MessageDecision"];
export type MessageReason = Schemas["MessageReason"];

export interface KindredClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** The API's base URL, e.g. `http://localhost:3000` or the stack's `Url` output. */
  baseUrl: string;
  /**
   * The bearer token (a `customer`, `ingest` or `admin` JWT), or a function that returns the current one:
   * called before every request, so a token renewed elsewhere is picked up. None for public routes only.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
}

export type KindredClient = Client<paths>;

/**
 * A typed client for Kindred's HTTP API (openapi-fetch over the types generated from its OpenAPI document):
 * `client.GET("/v1/customers/{customerId}/recommendations", { params: { path: { customerId: "me" } } })`
 * resolves to `{ data, error, response }` — `data` typed by the route's success schema, or `error` a
 * `Problem` for any 4xx/5xx, with `status` always set: an error body that is not problem details (API
 * Gateway's own `{"message":"Unauthorized"}`, a proxy's 502 page) is turned into one. Network failures
 * reject, as `fetch` does.
 */
export function createKindredClient(options: KindredClientOptions): KindredClient {
  const { token, ...rest } = options;
  const client = createClient<paths>(rest);
  client.use(problemsOnly);
  if (token !== undefined) {
    const auth: Middleware = {
      async onRequest({ request }) {
        const value = typeof token === "function" ? await token() : token;
        if (value) request.headers.set("authorization", `Bearer ${value}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

/** Whether a value is a problem details body (what `error` holds for every 4xx/5xx). */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.status === "number" && typeof v.title === "string" && typeof v.type === "string";
}

/**
 * Turns any error answer whose body is not problem details into `{ type: "about:blank", title, status,
 * detail }`: `title` the status text, `detail` the body's `message` (API Gateway) or its text.
 */
const problemsOnly: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isProblem(body)) return undefined;
    const message = (body as { message?: unknown } | undefined)?.message;
    const detail =
      typeof message === "string" ? message : body === undefined ? text.trim().slice(0, 1000) : text;
    const problem: Problem = {
      type: "about:blank",
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      detail: detail || `the API answered ${response.status} without details`,
    };
    const headers = new Headers(response.headers);
    headers.set("content-type", "application/problem+json");
    headers.delete("content-length");
    return new Response(JSON.stringify(problem), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  },
};
