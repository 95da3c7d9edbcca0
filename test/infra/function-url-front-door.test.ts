import { Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.js";
import { KindredStack } from "../../infra/kindred-stack.js";
import { SYNTH_LIMIT_MS, templateOnlyApp } from "../support/cdk-app.js";

/**
 * `frontDoor: "function-url"` (issue #18): the stack with one front door function behind a Lambda function
 * URL instead of an HTTP API, against the AWS Solutions checks; and the default, still the HTTP API.
 */
let synthError: unknown;
let template: Template;
let defaultTemplate: Template;

beforeAll(() => {
  const app = templateOnlyApp();
  const stack = new KindredStack(app, "Url", {
    kindred: {
      jwtIssuer: "https://issuer.example.com/pool",
      jwtAudience: ["a", "b"],
      corsOrigins: ["https://shop.example.com"],
      frontDoor: "function-url",
      frontDoorConcurrency: 80,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  template = Template.fromStack(stack);
  defaultTemplate = Template.fromStack(new KindredStack(templateOnlyApp(), "Default", { kindred: {} }));
}, SYNTH_LIMIT_MS);

const FRONT_DOOR = { Description: Match.stringLikeRegexp("front door") };
const frontDoorId = () => {
  const [id] = Object.keys(template.findResources("AWS::Lambda::Function", { Properties: FRONT_DOOR }));
  if (!id) throw new Error("no front door function");
  return id;
};
/** Every action granted to the front door's role, in any statement. */
function frontDoorActions(): string[] {
  const role = template.toJSON().Resources[frontDoorId()].Properties.Role["Fn::GetAtt"][0] as string;
  const policies = Object.values(
    template.findResources("AWS::IAM::Policy", {
      Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
    }),
  ) as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }[];
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
}

describe("the stack with the function-URL front door", () => {
  it("has no unacknowledged AWS Solutions finding", () => {
    expect(synthError).toBeUndefined();
  });

  it("serves the API from one function URL (auth in the function, buffered, CORS as configured), with no API Gateway at all", () => {
    template.resourceCountIs("AWS::Lambda::Url", 1);
    template.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      InvokeMode: "BUFFERED",
      TargetFunctionArn: { "Fn::GetAtt": [frontDoorId(), "Arn"] },
      Cors: {
        AllowOrigins: ["https://shop.example.com"],
        AllowHeaders: ["authorization", "content-type", "x-request-id"],
        ExposeHeaders: ["x-request-id", "retry-after"],
      },
    });
    const gateway = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type.startsWith("AWS::ApiGateway"),
    );
    expect(gateway).toEqual([]);
    // The route functions and the token authorizer are the front door now: it and the consumer remain.
    template.resourceCountIs("AWS::Lambda::Function", 2);
  });

  it("lets anyone invoke the URL, and only through it: both permissions AWS requires for a public function URL", () => {
    const fn = { "Fn::GetAtt": [frontDoorId(), "Arn"] };
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunctionUrl",
      FunctionName: fn,
      FunctionUrlAuthType: "NONE",
      Principal: "*",
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: fn,
      InvokedViaFunctionUrl: true,
      Principal: "*",
    });
    template.resourceCountIs("AWS::Lambda::Permission", 2);
  });

  it("grants the front door the union of every route's access, and nothing else", () => {
    const actions = new Set(frontDoorActions());
    const tableActions = new Set(ROUTES.flatMap((r) => r.access.table ?? []).map((a) => `dynamodb:${a}`));
    for (const action of tableActions) expect(actions, action).toContain(action);
    for (const action of [
      "kms:Sign",
      "kms:GetPublicKey",
      "kinesis:PutRecord",
      "kinesis:PutRecords",
      "dynamodb:Query",
      "dynamodb:BatchWriteItem",
    ])
      expect(actions, action).toContain(action);
    expect([...actions].filter((a) => a.startsWith("dynamodb:") && !tableActions.has(a))).toEqual([]);
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "dynamodb:Query",
            Resource: { "Fn::Join": ["", [Match.anyValue(), "/index/listing"]] },
          }),
          Match.objectLike({
            Action: "dynamodb:BatchWriteItem",
            Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["EXPFACT#*"] } },
          }),
        ]),
      },
    });
  });

  it("caps the front door at its reserved concurrency, sets its memory, and tells it the issuer it trusts and how many new visitors an instance may create", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      ...FRONT_DOOR,
      ReservedConcurrentExecutions: 80,
      MemorySize: 512,
      Environment: {
        Variables: Match.objectLike({
          KINDRED_JWT_ISSUER: "https://issuer.example.com/pool",
          KINDRED_JWT_AUDIENCE: "a,b",
          KINDRED_VISITOR_KEY_ID: Match.anyValue(),
          KINDRED_VISITOR_RATE: "2",
          KINDRED_VISITOR_BURST: "5",
        }),
      },
    });
  });

  it("outputs the URL as ApiUrl, https://<host> without a trailing slash, like the HTTP API's", () => {
    template.hasOutput("ApiUrl", {
      Value: {
        "Fn::Join": [
          "",
          [
            "https://",
            {
              "Fn::Select": [
                2,
                {
                  "Fn::Split": [
                    "/",
                    { "Fn::GetAtt": [Match.stringLikeRegexp("FunctionUrl"), "FunctionUrl"] },
                  ],
                },
              ],
            },
          ],
        ],
      },
    });
  });

  it("alarms on the front door's errors and throttles and on the URL's 5xx, with a dashboard", () => {
    const fnRef = { Ref: frontDoorId() };
    for (const metric of ["Errors", "Throttles"])
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: metric,
        Dimensions: [{ Name: "FunctionName", Value: fnRef }],
      });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "Url5xxCount",
      Dimensions: [{ Name: "FunctionName", Value: fnRef }],
    });
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });
});

describe("the default stack", () => {
  it("still serves every route through the HTTP API, with no function URL", () => {
    defaultTemplate.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    defaultTemplate.resourceCountIs("AWS::ApiGatewayV2::Route", ROUTES.length);
    defaultTemplate.resourceCountIs("AWS::Lambda::Url", 0);
  });

  it("refuses settings the chosen front door would ignore, naming them", () => {
    const stack = (kindred: ConstructorParameters<typeof KindredStack>[2]["kindred"]) => () =>
      new KindredStack(templateOnlyApp(), "Refused", { kindred });
    expect(stack({ frontDoor: "function-url", throttle: { rateLimit: 10 } })).toThrow(
      /frontDoorConcurrency and frontDoorVisitorLimit instead/,
    );
    // API Gateway's limit over all callers is not the front door's per instance: never carried over silently.
    expect(stack({ frontDoor: "function-url", visitorThrottle: { rateLimit: 50 } })).toThrow(
      /frontDoorVisitorLimit instead/,
    );
    expect(stack({ frontDoorConcurrency: 10 })).toThrow(/apply only with frontDoor/);
    expect(stack({ frontDoorVisitorLimit: { perSecond: 1 } })).toThrow(/apply only with frontDoor/);
    expect(stack({ frontDoor: "function-url", frontDoorVisitorLimit: { burst: 0.5 } })).toThrow(
      /frontDoorVisitorLimit needs perSecond above 0/,
    );
    expect(stack({ frontDoor: "function-url", frontDoorConcurrency: 0 })).toThrow(/1 to 10,000 \(got 0\)/);
  });
});
