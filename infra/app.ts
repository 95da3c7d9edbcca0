import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { KindredStack } from "./kindred-stack.js";

const app = new App();
// `cdk synth` and `cdk deploy` fail on any AWS Solutions finding that is not acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

function requiredContext(key: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`Set the CDK context value "${key}" (cdk.json or --context ${key}=...)`);
  }
  return value;
}

function optionalList(key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === "string" && value.trim() !== "" ? value.split(",").map((s) => s.trim()) : [];
}

const issuer = optionalList("kindred:jwtIssuer")[0];

new KindredStack(app, "Kindred", {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  kindred: {
    // Without an issuer, the stack creates a Cognito user pool with Kindred's scopes.
    ...(issuer ? { jwtIssuer: issuer, jwtAudience: requiredContext("kindred:jwtAudience").split(",") } : {}),
    corsOrigins: optionalList("kindred:corsOrigins"),
  },
});
