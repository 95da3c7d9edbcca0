import {
  type LocalKindred,
  type LocalKindredOptions,
  startLocalKindred,
} from "../../infra/local/local-kindred.js";
import { signToken } from "../../infra/local/local-tokens.js";

export const TEST_SECRET = "test-secret-that-is-long-enough-for-hs256";

export interface Client {
  kindred: LocalKindred;
  token(sub: string, scope: string): Promise<string>;
  request(
    method: string,
    path: string,
    options?: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      /** Sent as Content-Type instead of `application/json`. */
      contentType?: string;
    },
  ): Promise<{
    status: number;
    contentType: string;
    /** The response's `x-request-id`. */
    requestId: string | null;
    body: Record<string, unknown>;
  }>;
}

/** The whole local stack in memory on a free port, and a small HTTP client for it. */
export async function startStack(options: Partial<LocalKindredOptions> = {}): Promise<Client> {
  const kindred = await startLocalKindred({ port: 0, jwtSecret: TEST_SECRET, ...options });
  return {
    kindred,
    token: (sub, scope) => signToken(TEST_SECRET, { sub, scope }),
    async request(method, path, { token, body, rawBody, contentType = "application/json" } = {}) {
      const res = await fetch(`${kindred.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || rawBody !== undefined ? { "content-type": contentType } : {}),
        },
        ...(rawBody !== undefined
          ? { body: rawBody }
          : body !== undefined
            ? { body: JSON.stringify(body) }
            : {}),
      });
      const text = await res.text();
      return {
        status: res.status,
        contentType: res.headers.get("content-type") ?? "",
        requestId: res.headers.get("x-request-id"),
        body: text ? JSON.parse(text) : {},
      };
    },
  };
}
