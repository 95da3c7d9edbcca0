import { describe, expect, it } from "vitest";
import { startHttpAdapter } from "../../../infra/local/http-adapter.js";
import { readLocalSettings } from "../../../infra/local/local-tokens.js";

/** The contract's local-mode variables, read once at start and refused at once when unusable. */
const env = (extra: Record<string, string>) => ({ KINDRED_JWT_SECRET: "s".repeat(40), ...extra });

describe("HOST", () => {
  it("defaults to the loopback address", () => {
    expect(readLocalSettings(env({})).host).toBe("127.0.0.1");
  });

  it.each(["0.0.0.0", "::", "::1", "192.168.1.20", "localhost", "kindred.internal"])("takes %s", (host) => {
    expect(readLocalSettings(env({ HOST: host })).host).toBe(host);
  });

  it.each(["", "http://0.0.0.0", "0.0.0.0:3000", "host name", "-bad", "a..b"])(
    "refuses %j at start, naming HOST and what it takes",
    (host) => {
      expect(() => readLocalSettings(env({ HOST: host }))).toThrow(
        /HOST must be an IP address or a host name/,
      );
    },
  );
});

describe("the local server on HOST", () => {
  it("listens on every interface for 0.0.0.0 and says where this machine reaches it", async () => {
    const http = await startHttpAdapter([], "s".repeat(40), 0, "0.0.0.0");
    try {
      expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${http.url}/v1/health`);
      expect(res.status).toBe(404);
      await res.body?.cancel();
    } finally {
      await http.close();
    }
  });

  it("fails to start, not later, when the address cannot be listened on", async () => {
    // 192.0.2.1 (TEST-NET-1) belongs to no interface of this machine.
    await expect(startHttpAdapter([], "s".repeat(40), 0, "192.0.2.1")).rejects.toThrow(/EADDRNOTAVAIL/);
  });
});
