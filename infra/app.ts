import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { kindredPropsFromContext } from "./deploy-context.js";
import { KindredStack } from "./kindred-stack.js";

const app = new App();
// `cdk synth` and `cdk deploy` fail on any AWS Solutions finding that is not acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

new KindredStack(app, "Kindred", {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // Without kindred:jwtIssuer, the stack creates a Cognito user pool with Kindred's scopes.
  kindred: kindredPropsFromContext((key) => app.node.tryGetContext(key)),
});
