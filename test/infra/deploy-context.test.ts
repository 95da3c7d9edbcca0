import { describe, expect, it } from "vitest";
import { kindredPropsFromContext } from "../../infra/deploy-context.js";

const from = (context: Record<string, unknown>) => kindredPropsFromContext((key) => context[key]);

describe("Kindred's CDK context", () => {
  it("without any value creates the user pool with its defaults, an on-demand stream and no CORS", () => {
    expect(from({})).toEqual({
      identity: {},
      corsOrigins: [],
      stream: { mode: "on-demand" },
      enhancedFanOut: false,
      consumer: {},
    });
  });

  it("treats an empty value as not set", () => {
    expect(from({ "kindred:jwtIssuer": " ", "kindred:streamShards": "" })).toEqual(from({}));
  });

  it("reads comma-separated lists from the command line and arrays from cdk.json", () => {
    const props = from({
      "kindred:jwtIssuer": "https://login.example.com/",
      "kindred:jwtAudience": "app-1, app-2",
      "kindred:corsOrigins": ["https://shop.example.com"],
      "kindred:streamShards": "2",
      "kindred:enhancedFanOut": "true",
      "kindred:consumerBatchSize": "10000",
      "kindred:batchingWindowSeconds": "20",
      "kindred:documentFormat": "deflate",
      "kindred:streamRecords": "customer",
    });
    expect(props).toMatchObject({
      enhancedFanOut: true,
      documentFormat: "deflate",
      streamRecords: "customer",
      consumer: { batchSize: 10_000, maxBatchingWindowSeconds: 20 },
      jwtIssuer: "https://login.example.com/",
      jwtAudience: ["app-1", "app-2"],
      corsOrigins: ["https://shop.example.com"],
      stream: { mode: "provisioned", shards: 2 },
    });
  });

  it("refuses an issuer without an audience, saying what the audience is", () => {
    expect(() => from({ "kindred:jwtIssuer": "https://login.example.com/" })).toThrow(
      /kindred:jwtAudience: is required with kindred:jwtIssuer.*app client ids/,
    );
  });

  it("reports every malformed value at once, by key, with what a valid one looks like", () => {
    let message = "";
    try {
      from({
        "kindred:jwtIssuer": "cognito pool",
        "kindred:jwtAudience": "a",
        "kindred:callbackUrls": "shop.example.com/callback",
        "kindred:domainPrefix": "My_Shop",
        "kindred:streamShards": "0",
        "kindred:enhancedFanOut": "yes",
        "kindred:consumerBatchSize": "20000",
        "kindred:batchingWindowSeconds": "5m",
        "kindred:documentFormat": "zip",
        "kindred:streamRecords": "grouped",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/kindred:jwtIssuer: must be the issuer's URL/);
    expect(message).toMatch(/kindred:callbackUrls: each entry must be a URL/);
    expect(message).toMatch(/kindred:domainPrefix: must be lowercase letters/);
    expect(message).toMatch(/kindred:streamShards: must be 1 or more/);
    expect(message).toMatch(/kindred:enhancedFanOut: must be true or false/);
    expect(message).toMatch(/kindred:consumerBatchSize: must be at most 10,000/);
    expect(message).toMatch(/kindred:batchingWindowSeconds: must be a whole number of seconds/);
    expect(message).toMatch(/kindred:documentFormat: must be "json" or "deflate"/);
    expect(message).toMatch(
      /kindred:streamRecords: must be "event" \(one stream record per event\) or "customer"/,
    );
  });

  it("refuses a domain prefix Cognito would refuse for its words", () => {
    expect(() => from({ "kindred:domainPrefix": "my-cognito-shop" })).toThrow(/may not contain/);
  });

  // cdk.json may hold any JSON: a boolean, null or a list is a mistake, not a number of records or seconds.
  for (const value of [true, false, null, [500], "0x10", "0b11", "1e3"]) {
    it(`refuses ${JSON.stringify(value)} as a batch size, a batching window or a shard count, naming the key`, () => {
      for (const key of [
        "kindred:consumerBatchSize",
        "kindred:batchingWindowSeconds",
        "kindred:streamShards",
      ])
        expect(() => from({ [key]: value }), key).toThrow(new RegExp(`${key}: must be a whole number`));
    });
  }

  it("chooses the front door: the HTTP API unless told function-url, with its concurrency from the command line", () => {
    expect(from({}).frontDoor).toBeUndefined();
    expect(from({ "kindred:frontDoor": "http-api" })).toMatchObject({ frontDoor: "http-api" });
    expect(
      from({ "kindred:frontDoor": "function-url", "kindred:frontDoorConcurrency": "250" }),
    ).toMatchObject({ frontDoor: "function-url", frontDoorConcurrency: 250 });
  });

  it("refuses an unknown front door or a concurrency it cannot use, naming the key and the choices", () => {
    expect(() => from({ "kindred:frontDoor": "lambda-url" })).toThrow(
      /kindred:frontDoor: must be "http-api" \(API Gateway, the default\) or "function-url"/,
    );
    expect(() => from({ "kindred:frontDoor": "function-url", "kindred:frontDoorConcurrency": 0 })).toThrow(
      /kindred:frontDoorConcurrency: must be 1 or more/,
    );
    expect(() => from({ "kindred:frontDoor": "function-url", "kindred:frontDoorConcurrency": true })).toThrow(
      /kindred:frontDoorConcurrency: must be a whole number/,
    );
    expect(() => from({ "kindred:frontDoorConcurrency": 50 })).toThrow(
      /kindred:frontDoorConcurrency: applies only with kindred:frontDoor=function-url/,
    );
  });
});
