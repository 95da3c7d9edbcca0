import { Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { KindredStack } from "../../infra/kindred-stack.js";
import { templateOnlyApp } from "../support/cdk-app.js";

describe("the stack against the AWS Solutions checks (cdk-nag)", () => {
  it("has no unacknowledged finding (enhanced fan-out included); every acknowledgement in the constructs carries its reason", () => {
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
    // A finding fails synthesis with a report naming the rule and the construct.
    expect(() => app.synth()).not.toThrow();
    // The same stack answers CORS for the configured origin only.
    Template.fromStack(stack).hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: ["https://shop.example.com"],
        AllowHeaders: ["authorization", "content-type", "x-request-id"],
        ExposeHeaders: ["x-request-id", "retry-after"],
      },
    });
  });
});

describe("a stack without an identity provider of its own", () => {
  it("creates a Cognito user pool with Kindred's scopes, trusted by the API, with no unacknowledged finding", () => {
    const app = templateOnlyApp();
    const stack = new KindredStack(app, "Pool", { kindred: {} });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", {
      Identifier: "kindred",
      Scopes: ["customer", "ingest", "admin"].map((s) => ({
        ScopeName: s,
        ScopeDescription: `Kindred ${s}`,
      })),
    });
    // Shoppers' app client, the producers' (ingest) and the admins' client.
    template.resourceCountIs("AWS::Cognito::UserPoolClient", 3);
    const authorizer = Object.values(
      template.findResources("AWS::ApiGatewayV2::Authorizer", { Properties: { AuthorizerType: "JWT" } }),
    )[0] as {
      Properties: { JwtConfiguration: { Issuer: unknown; Audience: unknown[] } };
    };
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toMatch(
      /KindredIdentityPool.*ProviderURL/,
    );
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(3);
  });
});
