import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKindredClient, isProblem } from "../../clients/typescript/src/index.js";

// A stand-in for API Gateway and the proxies in front of Kindred: error answers that are not problem
// details, as they come before a request reaches Kindred.
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith("/v1/items/gateway")) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Unauthorized" }));
    } else if (req.url?.startsWith("/v1/items/proxy")) {
      res.writeHead(502, "Bad Gateway", { "content-type": "text/html" });
      res.end("<html><body>502 Bad Gateway</body></html>");
    } else if (req.url?.startsWith("/v1/items/empty")) {
      res.writeHead(503, "Service Unavailable");
      res.end();
    } else {
      res.writeHead(404, { "content-type": "application/problem+json" });
      res.end(
        JSON.stringify({
          type: "https://kindred.dev/problems/not-found",
          title: "Not Found",
          status: 404,
          detail: "no such item",
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

const getItem = (itemId: string) =>
  createKindredClient({ baseUrl, token: "t" }).GET("/v1/items/{itemId}", { params: { path: { itemId } } });

describe("the typed client's errors, whatever answered", () => {
  it("API Gateway's own {message} body is a problem with the status and the message as detail", async () => {
    const { error, response } = await getItem("gateway");
    expect(response.status).toBe(401);
    expect(isProblem(error)).toBe(true);
    expect(error).toMatchObject({ type: "about:blank", status: 401, detail: "Unauthorized" });
  });

  it("a proxy's non-JSON 502 page is a problem with the status and the text as detail", async () => {
    const { error } = await getItem("proxy");
    expect(error).toMatchObject({ type: "about:blank", title: "Bad Gateway", status: 502 });
    expect(error?.detail).toContain("502 Bad Gateway");
  });

  it("an empty error body is a problem with the status", async () => {
    const { error } = await getItem("empty");
    expect(error).toMatchObject({ type: "about:blank", title: "Service Unavailable", status: 503 });
  });

  it("Kindred's own problem details are passed on unchanged", async () => {
    const { error } = await getItem("tent-1");
    expect(error).toEqual({
      type: "https://kindred.dev/problems/not-found",
      title: "Not Found",
      status: 404,
      detail: "no such item",
    });
  });
});
