import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { App } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES, routeKey } from "../../functions/http/routes.js";
import { KindredStack } from "../../infra/kindred-stack.js";
import { memoryCheckpoints } from "../../infra/local/checkpoints.js";
import { type HttpHandler, startHttpAdapter } from "../../infra/local/http-adapter.js";
import { signToken } from "../../infra/local/local-tokens.js";
import { type StreamHandler, StreamPoller } from "../../infra/local/stream-poller.js";
import { ENV } from "../../lib/config/env-names.js";
import { startTestStores, type TestStores } from "../support/stores.js";

/**
 * The artifacts `cdk deploy` would upload — the bundled index.mjs of each function in the synthesized cloud
 * assembly — run against the embedded stores, with real API Gateway (payload v2) and Kinesis events.
 */
const SECRET = "bundled-assets-test-secret-0123456789";
let outdir: string;
let t: TestStores;
let http: { url: string; close(): Promise<void> };
let poller: StreamPoller;

async function loadAsset<T>(assets: Map<string, string>, description: string): Promise<T> {
  const hash = assets.get(description);
  if (!hash) throw new Error(`no bundled function described as ${description}`);
  const module = (await import(pathToFileURL(join(outdir, `asset.${hash}`, "index.mjs")).href)) as {
    handler: T;
  };
  return module.handler;
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "kindred-assembly-"));
  const app = new App({ outdir });
  const stack = new KindredStack(app, "Bundled", {
    kindred: { jwtIssuer: "https://issuer.example", jwtAudience: ["a"] },
  });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<
      string,
      { Type: string; Properties: { Description?: string; Code?: { S3Key?: string } } }
    >;
  };
  const assets = new Map<string, string>();
  for (const r of Object.values(template.Resources)) {
    if (r.Type === "AWS::Lambda::Function" && r.Properties.Description && r.Properties.Code?.S3Key) {
      assets.set(r.Properties.Description, r.Properties.Code.S3Key.replace(/\.zip$/, ""));
    }
  }

  t = await startTestStores();
  Object.assign(process.env, {
    [ENV.tableName]: t.config.tableName,
    [ENV.streamName]: t.config.streamName,
    [ENV.dynamoEndpoint]: t.stores.dynamoEndpoint,
    [ENV.kinesisEndpoint]: t.stores.kinesisEndpoint,
    // The visitor function signs as local mode does (in AWS it signs with KMS).
    [ENV.localJwtSecret]: SECRET,
  });
  const routes = await Promise.all(
    ROUTES.map(async (route) => ({ route, handler: await loadAsset<HttpHandler>(assets, routeKey(route)) })),
  );
  http = await startHttpAdapter(routes, SECRET, 0);
  poller = new StreamPoller({
    kinesis: t.kinesis,
    streamName: t.config.streamName,
    handler: await loadAsset<StreamHandler>(assets, "Applies interaction events to customer profiles"),
    checkpoints: memoryCheckpoints(),
    onFailure: async () => undefined,
  });
  // Bundling every function (one per route) takes about a minute alone; alongside the rest of `npm test`
  // on a busy 2-core machine it took over two.
}, 300_000);

afterAll(async () => {
  await http?.close();
  await t?.stores.close();
  rmSync(outdir, { recursive: true, force: true });
});

describe("the deployable bundles", () => {
  it("take events over HTTP, apply them from the stream and serve the profile", async () => {
    const admin = await signToken(SECRET, { sub: "ops", scope: "admin" });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${http.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    expect(
      (await call("PUT", "/v1/items", { items: [{ itemId: "p1", categories: ["shoes/trail"] }] })).status,
    ).toBe(200);
    const at = new Date().toISOString();
    const sent = await call("POST", "/v1/events", {
      events: [
        { eventId: "b1", type: "view", customerId: "zoe", itemId: "p1", timestamp: at },
        { eventId: "b2", type: "purchase", customerId: "zoe", itemId: "p1", timestamp: at },
      ],
    });
    expect(await sent.json()).toEqual({ accepted: 2, rejected: [], failed: [] });

    await poller.drain();

    const profile = await call("GET", "/v1/customers/zoe/profile");
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({
      customerId: "zoe",
      eventCount: 2,
      affinities: expect.arrayContaining([expect.objectContaining({ feature: "category:shoes/trail" })]),
    });
    const health = await fetch(`${http.url}/v1/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });

    const notJson = await fetch(`${http.url}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "text/plain" },
      body: "{}",
    });
    expect(notJson.status).toBe(415);
    expect(notJson.headers.get("content-type")).toBe("application/problem+json");
  });
});
