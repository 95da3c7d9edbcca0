import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { App } from "aws-cdk-lib";
import type { APIGatewayProxyStructuredResultV2, Context, LambdaFunctionURLEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KindredStack } from "../../infra/kindred-stack.js";
import { ENV } from "../../lib/config/env-names.js";
import { scopedEnv } from "../support/scoped-env.js";
import { startTestStores, type TestStores } from "../support/stores.js";

/**
 * The front door as `cdk deploy` would upload it with `frontDoor: "function-url"`: its bundled index.mjs,
 * one file holding every route's module, answering function URL events on the embedded stores.
 */
type FrontDoor = (
  event: LambdaFunctionURLEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
const env = scopedEnv();
let outdir: string;
let assetDir: string;
let t: TestStores;
let frontDoor: FrontDoor;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "kindred-front-door-"));
  const app = new App({ outdir });
  const stack = new KindredStack(app, "BundledFrontDoor", {
    kindred: { jwtIssuer: "https://issuer.example", jwtAudience: ["a"], frontDoor: "function-url" },
  });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<
      string,
      { Type: string; Properties: { Description?: string; Code?: { S3Key?: string } } }
    >;
  };
  const frontDoorFn = Object.values(template.Resources).find(
    (r) => r.Type === "AWS::Lambda::Function" && /front door/.test(r.Properties.Description ?? ""),
  );
  const hash = frontDoorFn?.Properties.Code?.S3Key?.replace(/\.zip$/, "");
  if (!hash) throw new Error("no bundled front door");
  assetDir = join(outdir, `asset.${hash}`);
  t = await startTestStores();
  env.set({
    [ENV.tableName]: t.config.tableName,
    [ENV.streamName]: t.config.streamName,
    [ENV.dynamoEndpoint]: t.stores.dynamoEndpoint,
    [ENV.kinesisEndpoint]: t.stores.kinesisEndpoint,
    [ENV.region]: "us-east-1",
    [ENV.visitorKeyId]: "arn:aws:kms:us-east-1:000000000000:key/never-used-here",
    [ENV.jwtIssuer]: "https://issuer.example",
    [ENV.jwtAudience]: "a",
  });
  frontDoor = ((await import(pathToFileURL(join(assetDir, "index.mjs")).href)) as { handler: FrontDoor })
    .handler;
  // Bundling two functions with esbuild on a busy 2-core machine: well under the full stack's 90 s.
}, 300_000);

afterAll(async () => {
  env.restore();
  await t?.stores.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const event = (
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
): LambdaFunctionURLEvent => ({
  version: "2.0",
  routeKey: "$default",
  rawPath,
  rawQueryString: "",
  headers: { host: "x.lambda-url.us-east-1.on.aws", ...headers },
  requestContext: {
    accountId: "anonymous",
    apiId: "x",
    domainName: "x.lambda-url.us-east-1.on.aws",
    domainPrefix: "x",
    http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "test" },
    requestId: `req-${method}-${rawPath}`,
    routeKey: "$default",
    stage: "$default",
    time: new Date().toUTCString(),
    timeEpoch: Date.now(),
  },
  isBase64Encoded: false,
});

describe("the bundled front door", () => {
  it("is one file (every route's module bundled in, no chunks to load) with its source map", () => {
    expect(readdirSync(assetDir).sort()).toEqual(["index.mjs", "index.mjs.map"]);
  });

  it("answers a public route from its bundled module, and routes and refuses like the source", async () => {
    const health = await frontDoor(event("GET", "/v1/health"), {} as Context);
    expect(health).toMatchObject({ statusCode: 200, headers: { "x-request-id": "req-GET-/v1/health" } });
    expect(JSON.parse(String(health.body))).toMatchObject({ status: "ok" });
    expect((await frontDoor(event("GET", "/v1/nowhere"), {} as Context)).statusCode).toBe(404);
    expect((await frontDoor(event("GET", "/v1/trending"), {} as Context)).statusCode).toBe(401);
  });
});
