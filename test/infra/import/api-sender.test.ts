import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ImportStopped, sendChunk } from "../../../infra/import/api-sender.js";

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A stand-in API that gives the scripted answers in turn and records each request body. */
async function scriptedApi(answers: Answer[]) {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (d: Buffer) => {
      text += d.toString();
    });
    req.on("end", () => {
      bodies.push(JSON.parse(text));
      const answer = answers.shift() ?? { status: 500 };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const chunkOf = (ids: string[]) => {
  const texts = ids.map((eventId) => JSON.stringify({ eventId }));
  return { entries: ids, texts, bytes: 0 };
};

describe("sending a chunk", () => {
  it("waits as Retry-After says on 429 and 503, then sends again", async () => {
    const api = await scriptedApi([
      { status: 429, headers: { "retry-after": "2" } },
      { status: 503, headers: { "retry-after": "1" } },
      { status: 202, body: { accepted: 2, rejected: [], failed: [] } },
    ]);
    const waits: number[] = [];
    const outcome = await sendChunk(
      { url: api.url, token: "t" },
      "events",
      chunkOf(["a", "b"]),
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(outcome.rejected).toEqual([]);
    expect(waits).toEqual([2000, 1000]);
    expect(api.bodies).toHaveLength(3);
  });

  it("sends failed events again with the same ids, and reports rejected ones by index and field", async () => {
    const api = await scriptedApi([
      {
        status: 202,
        body: {
          accepted: 1,
          rejected: [{ index: 2, errors: [{ path: "events.2.timestamp", message: "Invalid ISO datetime" }] }],
          failed: [{ index: 1, retryable: true }],
        },
      },
      { status: 202, body: { accepted: 1, rejected: [], failed: [] } },
    ]);
    const outcome = await sendChunk(
      { url: api.url, token: "t" },
      "events",
      chunkOf(["a", "b", "c"]),
      async () => {},
    );
    expect(outcome.rejected).toEqual([
      { index: 2, errors: [{ path: "timestamp", message: "Invalid ISO datetime" }] },
    ]);
    expect(api.bodies[1]).toEqual({ events: [{ eventId: "b" }] });
  });

  it("drops the items a 400 names and sends the rest at once", async () => {
    const api = await scriptedApi([
      { status: 400, body: { errors: [{ path: "items.0.price", message: "Too small" }] } },
      { status: 200, body: { upserted: 1 } },
    ]);
    const outcome = await sendChunk(
      { url: api.url, token: "t" },
      "items",
      chunkOf(["x", "y"]),
      async () => {},
    );
    expect(outcome.rejected).toEqual([{ index: 0, errors: [{ path: "price", message: "Too small" }] }]);
    expect(api.bodies[1]).toEqual({ items: [{ eventId: "y" }] });
  });

  it("stops with the API's answer when retrying cannot help, and when retries run out", async () => {
    const denied = await scriptedApi([{ status: 403, body: { detail: "admin scope required" } }]);
    await expect(
      sendChunk({ url: denied.url, token: "t" }, "items", chunkOf(["x"]), async () => {}),
    ).rejects.toThrow(new ImportStopped("PUT /v1/items answered 403: admin scope required"));

    const busy = await scriptedApi(Array.from({ length: 8 }, () => ({ status: 503 })));
    await expect(
      sendChunk({ url: busy.url, token: "t" }, "events", chunkOf(["a"]), async () => {}),
    ).rejects.toThrow("the API kept answering 503 after 8 attempts");
  });
});
