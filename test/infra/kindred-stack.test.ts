import { readFileSync } from "node:fs";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES, routeKey } from "../../functions/http/routes.js";
import { KindredStack } from "../../infra/kindred-stack.js";
import { TABLE_DEFINITION } from "../../lib/data/table-definition.js";
import { EVENT_SOURCE_MAPPING } from "../../lib/stream/event-source-mapping.js";
import { templateOnlyApp } from "../support/cdk-app.js";

const ISSUER = "https://issuer.example.com/pool-1";
let template: Template;

beforeAll(() => {
  const app = templateOnlyApp();
  const stack = new KindredStack(app, "Test", {
    kindred: { jwtIssuer: ISSUER, jwtAudience: ["client-a", "client-b"] },
  });
  template = Template.fromStack(stack);
});

type Resource = { Properties: Record<string, unknown> };
const resources = (type: string) => Object.values(template.findResources(type)) as Resource[];

describe("the Kindred stack", () => {
  it("encrypts the event stream with a rotating customer-managed KMS key", () => {
    template.hasResourceProperties("AWS::Kinesis::Stream", {
      StreamEncryption: { EncryptionType: "KMS", KeyId: Match.anyValue() },
      StreamModeDetails: { StreamMode: "ON_DEMAND" },
    });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("builds the table from the shared definition, on demand, with point-in-time recovery and TTL", () => {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: "HASH" },
        { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
    expect(Object.values(template.findResources("AWS::DynamoDB::GlobalTable"))[0]).toMatchObject({
      DeletionPolicy: "Retain",
    });
  });

  it("has the sparse listing index of the shared definition, keys only, that the admin lists may query", () => {
    const { listingIndex } = TABLE_DEFINITION;
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      GlobalSecondaryIndexes: [
        {
          IndexName: listingIndex.name,
          KeySchema: [
            { AttributeName: listingIndex.partitionKey.name, KeyType: "HASH" },
            { AttributeName: listingIndex.sortKey.name, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });
    for (const list of ["HttpListItems", "HttpListOffers", "HttpListExperiments"]) {
      const documents = JSON.stringify(
        resources("AWS::IAM::Policy")
          .filter((p) => JSON.stringify(p.Properties.Roles).includes(list))
          .map((p) => p.Properties.PolicyDocument),
      );
      expect(new Set(documents.match(/dynamodb:\w+/g)), list).toEqual(
        new Set(["dynamodb:Query", "dynamodb:BatchGetItem"]),
      );
      expect(documents, list).toContain(`/index/${listingIndex.name}`);
    }
    // Nothing else may read the index, and nobody gets every index.
    const others = resources("AWS::IAM::Policy").filter(
      (p) => !/HttpList/.test(JSON.stringify(p.Properties.Roles)),
    );
    expect(JSON.stringify(others.map((p) => p.Properties.PolicyDocument))).not.toContain("/index/");
  });

  it("feeds the consumer with partial batch responses, bisect, bounded retries, no age limit, and an on-failure queue", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: Match.anyValue(),
      StartingPosition: "TRIM_HORIZON",
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const [mapping] = resources("AWS::Lambda::EventSourceMapping");
    expect(mapping?.Properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(mapping?.Properties.MaximumRetryAttempts).toBeLessThanOrEqual(10);
    // A consumer that falls behind catches up: no accepted record is given up for its age.
    expect([undefined, -1]).toContain(mapping?.Properties.MaximumRecordAgeInSeconds);
    expect(mapping?.Properties.BatchSize).toBe(EVENT_SOURCE_MAPPING.batchSize);
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
  });

  it("alarms on a consumer that keeps failing and on dropped aggregate updates", () => {
    for (const metricName of ["BatchFailures", "AggregateUpdatesDropped"]) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "Kindred",
        MetricName: metricName,
        AlarmDescription: Match.stringLikeRegexp("docs/operations.md#"),
      });
    }
  });

  it("points every alarm at a section of docs/operations.md that exists (what it means, what to do)", () => {
    // GitHub's anchors: headings lower-cased, spaces as hyphens, other punctuation dropped.
    const anchors = new Set(
      [...readFileSync("docs/operations.md", "utf8").matchAll(/^#+ (.+)$/gm)].map((m) =>
        (m[1] ?? "")
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, "")
          .replace(/ /g, "-"),
      ),
    );
    const alarms = resources("AWS::CloudWatch::Alarm");
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      const section = /docs\/operations\.md#([a-z0-9-]+)/.exec(
        String(alarm.Properties.AlarmDescription),
      )?.[1];
      expect(section, String(alarm.Properties.AlarmDescription)).toBeDefined();
      expect(anchors, `no section #${section} in docs/operations.md`).toContain(section);
    }
  });

  it("runs every function on Node 24 with a log group of bounded retention", () => {
    const functions = resources("AWS::Lambda::Function").filter(
      (f) => f.Properties.Handler === "index.handler",
    );
    // One per route, the stream consumer, and the token authorizer.
    expect(functions.length).toBe(ROUTES.length + 2);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: expect.anything() });
    }
    for (const group of resources("AWS::Logs::LogGroup")) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it("puts every route but health and the API description behind a JWT authorizer with the configured issuer and audience", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: { Issuer: ISSUER, Audience: ["client-a", "client-b"] },
    });
    const routes = resources("AWS::ApiGatewayV2::Route");
    for (const route of ROUTES) {
      const deployed = routes.find((r) => r.Properties.RouteKey === routeKey(route));
      expect(deployed, routeKey(route)).toBeDefined();
      const expected = { public: "NONE", jwt: "JWT", "jwt-or-visitor": "CUSTOM" }[route.auth];
      expect(deployed?.Properties.AuthorizationType, routeKey(route)).toBe(expected);
    }
  });

  it("alarms on iterator age, records given up, function errors and throttles, table throttling and API 5xx, with a dashboard", () => {
    const alarms = resources("AWS::CloudWatch::Alarm").map((a) => a.Properties);
    const on = (metricName: string) => alarms.filter((a) => a.MetricName === metricName);
    expect(on("IteratorAge")).toEqual([expect.objectContaining({ Threshold: 60_000, EvaluationPeriods: 5 })]);
    expect(on("ApproximateNumberOfMessagesVisible")).toEqual([expect.objectContaining({ Threshold: 0 })]);
    expect(on("Errors")).toHaveLength(ROUTES.length + 2);
    expect(on("Throttles")).toHaveLength(ROUTES.length + 2);
    expect(on("ReadThrottleEvents")).toHaveLength(1);
    expect(on("WriteThrottleEvents")).toHaveLength(1);
    expect(on("5xx")).toHaveLength(1);
    for (const a of alarms) expect(String(a.AlarmDescription)).toMatch(/docs\/operations\.md#/);
    expect(resources("AWS::CloudWatch::Dashboard")).toHaveLength(1);
  });

  it("throttles the API stage and keeps access logs without personal fields", () => {
    const [stage] = resources("AWS::ApiGatewayV2::Stage");
    expect(stage?.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 1000,
      ThrottlingBurstLimit: 2000,
    });
    const format = String((stage?.Properties.AccessLogSettings as { Format?: string } | undefined)?.Format);
    expect(Object.keys(JSON.parse(format))).toEqual(
      expect.arrayContaining(["requestId", "routeKey", "status"]),
    );
    expect(format).not.toMatch(/sourceIp|userAgent|path/);
  });

  it("grants each API function only what its route needs", () => {
    const policies = resources("AWS::IAM::Policy");
    const actionsOf = (functionId: string) =>
      JSON.stringify(
        policies
          .filter((p) => JSON.stringify(p.Properties.Roles).includes(functionId))
          .map((p) => p.Properties.PolicyDocument),
      );
    expect(actionsOf("HttpPostEvents")).toContain("kinesis:PutRecords");
    expect(actionsOf("HttpPostEvents")).not.toContain("dynamodb:");
    expect(actionsOf("HttpGetProfile")).toContain("dynamodb:GetItem");
    expect(actionsOf("HttpGetProfile")).not.toContain("dynamodb:PutItem");
    expect(actionsOf("HttpHealth")).not.toContain("dynamodb:");
    expect(actionsOf("HttpGetTrending").match(/dynamodb:\w+/g)).toEqual(["dynamodb:BatchGetItem"]);
    // Lists read, and may write only experiment facts (an IAM condition on the partition key's prefix).
    // Communications' decisions read like lists (their fill is a list) and tag impressions the same way.
    for (const list of [
      "HttpGetRecommendations",
      "HttpPostRank",
      "HttpGetAlsoViewed",
      "HttpPostNextMessage",
      "HttpPostNextMessages",
    ]) {
      const statements = policies
        // The role's own id: `HttpPostNextMessage` must not also match `HttpPostNextMessages`.
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(`${list}ServiceRole`))
        .flatMap(
          (p) =>
            (p.Properties.PolicyDocument as { Statement: { Action: unknown; Condition?: unknown }[] })
              .Statement,
        );
      const writes = statements.filter((st) => JSON.stringify(st.Action).includes("Write"));
      expect(writes).toEqual([
        expect.objectContaining({
          Action: "dynamodb:BatchWriteItem",
          Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["EXPFACT#*"] } },
        }),
      ]);
      const actions = new Set(statements.flatMap((st) => [st.Action].flat()));
      expect(actions).toEqual(new Set(["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"]));
    }
    expect(new Set(actionsOf("KindredConsumerFunction").match(/dynamodb:\w+/g))).toEqual(
      new Set(["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"]),
    );
    // Deleting an item also takes it off the new-arrivals row and its projection shard (read, then a
    // versioned put), and moves the projection's head (an update of one attribute).
    expect(new Set(actionsOf("HttpDeleteItem").match(/dynamodb:\w+/g))).toEqual(
      new Set(["dynamodb:DeleteItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]),
    );
    expect(new Set(actionsOf("HttpPutItems").match(/dynamodb:\w+/g))).toEqual(
      new Set([
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:UpdateItem",
      ]),
    );
    // Business rules: a definition and the placements' rows, nothing else; reading one is a GetItem.
    for (const writer of ["HttpPutRule", "HttpDeleteRule"]) {
      expect(new Set(actionsOf(writer).match(/dynamodb:\w+/g))).toEqual(
        new Set(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]),
      );
    }
    expect(new Set(actionsOf("HttpGetRule").match(/dynamodb:\w+/g))).toEqual(
      new Set(["dynamodb:GetItem", "dynamodb:BatchGetItem"]),
    );
    // Erasure may overwrite the profile and delete the rest of the customer's partition, nothing more.
    expect(new Set(actionsOf("HttpDeleteCustomer").match(/dynamodb:\w+/g))).toEqual(
      new Set(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:BatchWriteItem"]),
    );
  });
});

describe("anonymous visitors in AWS", () => {
  it("signs visitor tokens with an asymmetric KMS key that only the visitor function may use to sign", () => {
    template.hasResourceProperties("AWS::KMS::Key", { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    const policies = resources("AWS::IAM::Policy");
    const signers = policies.filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes("kms:Sign"));
    expect(signers).toHaveLength(1);
    expect(JSON.stringify(signers[0]?.Properties.Roles)).toContain("HttpPostVisitors");
    const authorizerPolicy = policies.filter((p) =>
      JSON.stringify(p.Properties.Roles).includes("Authorizer"),
    );
    expect(JSON.stringify(authorizerPolicy.map((p) => p.Properties.PolicyDocument))).toContain(
      "kms:GetPublicKey",
    );
  });

  it("puts the routes a customer token may call behind the token authorizer, cached per token, and the rest behind the JWT authorizer", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "REQUEST",
      IdentitySource: ["$request.header.Authorization"],
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 300,
    });
    const authorizerFn = resources("AWS::Lambda::Function").find(
      (f) =>
        (f.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
          ?.KINDRED_JWT_ISSUER === ISSUER,
    );
    expect(authorizerFn?.Properties.Environment).toMatchObject({
      Variables: { KINDRED_JWT_AUDIENCE: "client-a,client-b", KINDRED_VISITOR_KEY_ID: expect.anything() },
    });
    const customerRoutes = ROUTES.filter((r) => r.auth === "jwt-or-visitor").map((r) => r.path);
    expect(customerRoutes).toEqual(
      expect.arrayContaining([
        "/v1/events",
        "/v1/customers/{customerId}/recommendations",
        "/v1/customers/{customerId}/messages/next",
      ]),
    );
    const adminRoutes = ROUTES.filter((r) => r.auth === "jwt").map((r) => r.path);
    expect(adminRoutes).toEqual(
      expect.arrayContaining([
        "/v1/items",
        "/v1/offers",
        "/v1/customers/{customerId}/merge",
        "/v1/messages/next",
      ]),
    );
  });

  it("throttles POST /v1/visitors on its own, below the stage's limit", () => {
    const [stage] = resources("AWS::ApiGatewayV2::Stage");
    expect(stage?.Properties.RouteSettings).toEqual({
      "POST /v1/visitors": { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe("the Kindred construct's settings", () => {
  const own = { jwtIssuer: ISSUER, jwtAudience: ["a"] };
  it("refuses an invalid ranking strategy at synth time, naming the knob", () => {
    const props = { ...own, strategy: { diversity: 7 } };
    expect(() => new KindredStack(templateOnlyApp(), "Bad", { kindred: props })).toThrow(/diversity/);
  });

  it("refuses an issuer of the deployer's own without an audience", () => {
    const props = { jwtIssuer: ISSUER, jwtAudience: [] };
    expect(() => new KindredStack(templateOnlyApp(), "Bad", { kindred: props })).toThrow(/jwtAudience/);
  });

  it("provisions the stream with the given number of shards when asked, and stays on-demand otherwise", () => {
    const stack = new KindredStack(templateOnlyApp(), "Small", {
      kindred: { ...own, stream: { mode: "provisioned", shards: 1 } },
    });
    const stream = Template.fromStack(stack).findResources("AWS::Kinesis::Stream");
    expect(Object.values(stream)[0]).toMatchObject({
      Properties: { ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } },
    });
    const onDemand = template.findResources("AWS::Kinesis::Stream");
    expect(Object.values(onDemand)[0]).not.toHaveProperty("Properties.ShardCount");
  });

  it("feeds the consumer through an enhanced fan-out consumer when asked, polling otherwise", () => {
    const stack = new KindredStack(templateOnlyApp(), "Fresh", { kindred: { ...own, enhancedFanOut: true } });
    const fresh = Template.fromStack(stack);
    fresh.resourceCountIs("AWS::Kinesis::StreamConsumer", 1);
    const [consumerId] = Object.keys(fresh.findResources("AWS::Kinesis::StreamConsumer"));
    fresh.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [consumerId, "ConsumerARN"] },
      BatchSize: 500,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    const policies = JSON.stringify(fresh.findResources("AWS::IAM::Policy"));
    expect(policies).toContain("kinesis:SubscribeToShard");
    template.resourceCountIs("AWS::Kinesis::StreamConsumer", 0);
  });

  it("takes larger batches with a batching window when asked (fewer writes per event, later freshness)", () => {
    const stack = new KindredStack(templateOnlyApp(), "Batched", {
      kindred: { ...own, consumer: { batchSize: 10_000, maxBatchingWindowSeconds: 20 } },
    });
    Template.fromStack(stack).hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 20,
    });
    expect(resources("AWS::Lambda::EventSourceMapping")[0]?.Properties).not.toHaveProperty(
      "MaximumBatchingWindowInSeconds",
    );
    for (const consumer of [{ batchSize: 10_001 }, { batchSize: 0 }, { maxBatchingWindowSeconds: 301 }]) {
      expect(() => new KindredStack(templateOnlyApp(), "Bad", { kindred: { ...own, consumer } })).toThrow(
        /consumer\.(batchSize|maxBatchingWindowSeconds) must be a whole number/,
      );
    }
  });

  it("writes documents as JSON unless told to compress them, and then tells every function", () => {
    const functions = (t: Template) =>
      Object.values(t.findResources("AWS::Lambda::Function")).map(
        (f) => (f.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
      );
    const stores = (vars: Record<string, unknown> | undefined) => vars?.KINDRED_TABLE_NAME !== undefined;
    expect(
      functions(template)
        .filter(stores)
        .map((v) => v?.KINDRED_DOCUMENT_FORMAT),
    ).not.toContain("deflate");
    const stack = new KindredStack(templateOnlyApp(), "Packed", {
      kindred: { ...own, documentFormat: "deflate" },
    });
    const packed = functions(Template.fromStack(stack)).filter(stores);
    expect(packed.length).toBeGreaterThan(10);
    for (const vars of packed) expect(vars?.KINDRED_DOCUMENT_FORMAT).toBe("deflate");
    // A value the functions would refuse at start-up (every one of them: an outage) is refused here.
    expect(
      () =>
        new KindredStack(templateOnlyApp(), "Typo", {
          kindred: { ...own, documentFormat: "Deflate" as "deflate" },
        }),
    ).toThrow(/documentFormat must be "json" or "deflate" \(got "Deflate"\)/);
  });

  it("writes one stream record per event unless told to group them per customer, and then tells every function", () => {
    const functions = (t: Template) =>
      Object.values(t.findResources("AWS::Lambda::Function")).map(
        (f) => (f.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
      );
    const streams = (vars: Record<string, unknown> | undefined) => vars?.KINDRED_STREAM_NAME !== undefined;
    expect(
      functions(template)
        .filter(streams)
        .map((v) => v?.KINDRED_STREAM_RECORDS),
    ).not.toContain("customer");
    const stack = new KindredStack(templateOnlyApp(), "Grouped", {
      kindred: { ...own, streamRecords: "customer" },
    });
    const grouped = functions(Template.fromStack(stack)).filter(streams);
    expect(grouped.length).toBeGreaterThan(10);
    for (const vars of grouped) expect(vars?.KINDRED_STREAM_RECORDS).toBe("customer");
    expect(
      () =>
        new KindredStack(templateOnlyApp(), "Typo", {
          kindred: { ...own, streamRecords: "grouped" as "customer" },
        }),
    ).toThrow(/streamRecords must be "event" or "customer" \(got "grouped"\)/);
  });

  it("refuses a row cache bound the functions would refuse at start-up", () => {
    for (const rowCacheSeconds of [-1, 301, Number.NaN, 1e-7]) {
      expect(
        () => new KindredStack(templateOnlyApp(), "Cache", { kindred: { ...own, rowCacheSeconds } }),
      ).toThrow(/rowCacheSeconds must be a number from 0 to 300/);
    }
  });

  it("refuses a provisioned stream without a whole, positive number of shards", () => {
    for (const shards of [0, 1.5]) {
      const props = { ...own, stream: { mode: "provisioned" as const, shards } };
      expect(() => new KindredStack(templateOnlyApp(), "Bad", { kindred: props })).toThrow(/shards/);
    }
  });

  it("outputs the API URL and the issuer, and no user pool, with an issuer of the deployer's own", () => {
    expect(Object.keys(template.findOutputs("*")).sort()).toEqual([
      "ApiUrl",
      "EventStreamName",
      "JwtIssuer",
      "OnFailureQueueUrl",
    ]);
    template.hasOutput("JwtIssuer", { Value: ISSUER });
    template.resourceCountIs("AWS::Cognito::UserPool", 0);
  });
});
