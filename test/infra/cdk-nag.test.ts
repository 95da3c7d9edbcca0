import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { KindredStack } from "../../infra/kindred-stack.js";

describe("the stack against the AWS Solutions checks (cdk-nag)", () => {
  it("has no unacknowledged finding; every acknowledgement in the constructs carries its reason", () => {
    const app = new App();
    new KindredStack(app, "Nag", {
      kindred: { jwtIssuer: "https://issuer.example.com/pool", jwtAudience: ["a"] },
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // A finding fails synthesis with a report naming the rule and the construct.
    expect(() => app.synth()).not.toThrow();
  });
});
