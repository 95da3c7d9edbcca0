import { Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import cdkJson from "../../cdk.json" with { type: "json" };
import { kindredPropsFromContext } from "../../infra/deploy-context.js";
import { KindredStack } from "../../infra/kindred-stack.js";
import { SYNTH_LIMIT_MS, templateOnlyApp } from "../support/cdk-app.js";

/** The stack `cdk synth` makes from cdk.json's context alone, as infra/app.ts builds it. */
function synthFromContext(context: Record<string, unknown>) {
  const app = templateOnlyApp();
  const props = kindredPropsFromContext((key) => context[key] ?? app.node.tryGetContext(key));
  const stack = new KindredStack(app, "Kindred", { kindred: props });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth(); // fails on any unacknowledged cdk-nag finding
  return Template.fromStack(stack);
}

type Resource = { Properties: Record<string, unknown> };
let template: Template;
beforeAll(() => {
  template = synthFromContext(cdkJson.context);
}, SYNTH_LIMIT_MS);

describe("a deploy with no context at all", () => {
  it("creates a Cognito user pool with Kindred's scopes, trusted by the API", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", {
      Identifier: "kindred",
      Scopes: ["customer", "ingest", "admin"].map((s) => ({
        ScopeName: s,
        ScopeDescription: `Kindred ${s}`,
      })),
    });
    const authorizer = Object.values(
      template.findResources("AWS::ApiGatewayV2::Authorizer", { Properties: { AuthorizerType: "JWT" } }),
    )[0] as {
      Properties: { JwtConfiguration: { Issuer: unknown; Audience: unknown[] } };
    };
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toMatch(
      /KindredIdentityPool.*ProviderURL/,
    );
    // Shoppers' app client, the producers' (ingest) and the admins' client.
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(3);
  });
  it("ships no placeholder issuer or audience in cdk.json", () => {
    expect(JSON.stringify(cdkJson)).not.toMatch(/jwtIssuer|jwtAudience|EXAMPLE/);
  });

  it("outputs everything an app needs — API URL, issuer, user pool, token URL, sign-in URL, client ids — and what redrives need", () => {
    expect(Object.keys(template.findOutputs("*")).sort()).toEqual(
      [
        "AdminClientId",
        "ApiUrl",
        "AppClientId",
        "EventStreamName",
        "IngestClientId",
        "JwtIssuer",
        "OnFailureQueueUrl",
        "SignInUrl",
        "TokenUrl",
        "UserPoolId",
      ].sort(),
    );
    const tokenUrl = JSON.stringify(template.findOutputs("TokenUrl"));
    expect(tokenUrl).toMatch(/KindredIdentityPoolDomain/);
    expect(tokenUrl).toMatch(/auth\.".*amazoncognito\.com\/oauth2\/token/);
    const signIn = JSON.stringify(template.findOutputs("SignInUrl"));
    expect(signIn).toContain("/oauth2/authorize?client_id=");
    expect(signIn).toContain(
      "scope=openid+kindred%2Fcustomer&redirect_uri=http%3A%2F%2Flocalhost%2Fcallback",
    );
  });

  it("gives the user pool a domain named after the stack and the account, so it has a token endpoint", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: { "Fn::Join": ["-", ["kindred", { Ref: "AWS::AccountId" }]] },
    });
  });

  it("lets shoppers sign in with an authorization code and the customer scope, returning to localhost until told otherwise", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: Match.absent(),
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["kindred/customer", "openid", "email"],
      CallbackURLs: ["http://localhost/callback"],
      LogoutURLs: ["http://localhost/signed-out"],
      SupportedIdentityProviders: ["COGNITO"],
    });
  });

  it("has one client-credentials client per server-side role, each with only its own scope", () => {
    for (const scope of ["kindred/ingest", "kindred/admin"]) {
      template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        GenerateSecret: true,
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthScopes: [scope],
      });
    }
    template.resourceCountIs("AWS::Cognito::UserPoolClient", 3);
    for (const client of Object.values(template.findResources("AWS::Cognito::UserPoolClient"))) {
      expect(JSON.stringify(client.DependsOn)).toMatch(/ResourceServer/);
    }
  });

  it("trusts the pool's tokens from all three clients, at API Gateway and at the token authorizer", () => {
    const [jwt] = Object.values(
      template.findResources("AWS::ApiGatewayV2::Authorizer", { Properties: { AuthorizerType: "JWT" } }),
    ) as Resource[];
    const config = jwt?.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
    expect(JSON.stringify(config.Issuer)).toMatch(/KindredIdentityPool.*ProviderURL/);
    expect(config.Audience).toHaveLength(3);
  });

  it("runs an on-demand stream", () => {
    template.hasResourceProperties("AWS::Kinesis::Stream", {
      StreamModeDetails: { StreamMode: "ON_DEMAND" },
    });
  });
});

describe("a deploy with context values", () => {
  it(
    "uses the app's own callback and sign-out URLs and domain prefix",
    () => {
      const t = synthFromContext({
        "kindred:callbackUrls": "https://shop.example.com/signed-in, myapp://callback",
        "kindred:logoutUrls": "https://shop.example.com/",
        "kindred:domainPrefix": "shop-example-kindred",
      });
      t.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        CallbackURLs: ["https://shop.example.com/signed-in", "myapp://callback"],
        LogoutURLs: ["https://shop.example.com/"],
      });
      t.hasResourceProperties("AWS::Cognito::UserPoolDomain", { Domain: "shop-example-kindred" });
      expect(JSON.stringify(t.findOutputs("SignInUrl"))).toContain(
        "redirect_uri=https%3A%2F%2Fshop.example.com%2Fsigned-in",
      );
    },
    SYNTH_LIMIT_MS,
  );

  it(
    "with the deployer's own issuer creates no user pool and trusts that issuer",
    () => {
      const t = synthFromContext({
        "kindred:jwtIssuer": "https://login.example.com/",
        "kindred:jwtAudience": "app-1,app-2",
      });
      t.resourceCountIs("AWS::Cognito::UserPool", 0);
      t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
        JwtConfiguration: { Issuer: "https://login.example.com/", Audience: ["app-1", "app-2"] },
      });
    },
    SYNTH_LIMIT_MS,
  );

  it(
    "provisions a one-shard stream with kindred:streamShards=1",
    () => {
      const t = synthFromContext({ "kindred:streamShards": "1" });
      t.hasResourceProperties("AWS::Kinesis::Stream", {
        ShardCount: 1,
        StreamModeDetails: { StreamMode: "PROVISIONED" },
      });
    },
    SYNTH_LIMIT_MS,
  );
});
