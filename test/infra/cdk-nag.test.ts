import { Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { KindredStack } from "../../infra/kindred-stack.js";
import { SYNTH_LIMIT_MS, templateOnlyApp } from "../support/cdk-app.js";

// The stack with no context at all is checked by zero-config-deploy.test.ts, which synthesizes it once
// for all its tests; this file checks the options it does not turn on, synthesized once in a hook.
let synthError: unknown;
let template: Template;

beforeAll(() => {
  const app = templateOnlyApp();
  const stack = new KindredStack(app, "Nag", {
    kindred: {
      jwtIssuer: "https://issuer.example.com/pool",
      jwtAudience: ["a"],
      corsOrigins: ["https://shop.example.com"],
      enhancedFanOut: true,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  template = Template.fromStack(stack);
}, SYNTH_LIMIT_MS);

describe("the stack with enhanced fan-out and CORS, against the AWS Solutions checks (cdk-nag)", () => {
  it("has no unacknowledged finding; every acknowledgement in the constructs carries its reason", () => {
    // A finding fails synthesis with a report naming the rule and the construct.
    expect(synthError).toBeUndefined();
  });

  it("answers CORS for the configured origin only", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: ["https://shop.example.com"],
        AllowHeaders: ["authorization", "content-type", "x-request-id"],
        ExposeHeaders: ["x-request-id", "retry-after"],
      },
    });
  });
});
