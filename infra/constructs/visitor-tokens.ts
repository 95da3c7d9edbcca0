import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV } from "../../lib/config/env-names.js";
import { KindredFunction } from "./kindred-function.js";

export interface VisitorTokensProps {
  /** The deployer's identity provider, whose tokens the authorizer accepts too. */
  jwtIssuer: string;
  jwtAudience: string[];
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /**
   * Whether API Gateway's Lambda authorizer is made (default true); the function-URL front door verifies
   * tokens itself and needs only the key.
   */
  authorizer?: boolean;
}

/**
 * Anonymous visitors' tokens in AWS. API Gateway's JWT authorizer trusts exactly one issuer per route, and
 * the routes a visitor calls are the routes every customer calls, so those routes (auth `jwt-or-visitor`)
 * sit behind a Lambda authorizer that makes the JWT authorizer's checks for two issuers: the deployer's
 * identity provider (its keys found by OpenID discovery) and Kindred's visitor tokens — RS256, signed by an
 * asymmetric KMS key whose private half never leaves KMS (lib/auth/token-verifier.ts). Admin and ingest
 * routes keep API Gateway's JWT authorizer, so no visitor token ever reaches them. Behind the function-URL
 * front door the same checks run in the front door, and only the key is made here.
 */
export class VisitorTokens extends Construct {
  readonly key: Key;
  readonly authorizerFunction: KindredFunction | undefined;
  readonly authorizer: HttpLambdaAuthorizer | undefined;

  constructor(scope: Construct, id: string, props: VisitorTokensProps) {
    super(scope, id);
    this.key = new Key(this, "SigningKey", {
      description: "Signs Kindred's anonymous visitor tokens (RS256)",
      keySpec: KeySpec.RSA_2048,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: props.removalPolicy,
    });
    if (props.authorizer === false) return;
    const authorizerFunction = new KindredFunction(this, "Authorizer", {
      entry: "functions/auth/authorize-token.ts",
      description: "Verifies identity-provider and visitor tokens for customer routes",
      environment: {
        [ENV.visitorKeyId]: this.key.keyArn,
        [ENV.jwtIssuer]: props.jwtIssuer,
        [ENV.jwtAudience]: props.jwtAudience.join(","),
      },
      logRetention: props.logRetention,
    });
    this.authorizerFunction = authorizerFunction;
    this.key.grant(authorizerFunction, "kms:GetPublicKey");
    this.authorizer = new HttpLambdaAuthorizer("Tokens", authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ["$request.header.Authorization"],
      // Cached per token for 5 minutes; the functions still refuse a token past its `exp` (principalOf).
      resultsCacheTtl: Duration.minutes(5),
    });
  }

  /** Lets `fn` sign visitor tokens: kms:Sign on this key only, and the key's id in its environment. */
  grantSign(fn: KindredFunction): void {
    this.key.grant(fn, "kms:Sign");
    fn.addEnvironment(ENV.visitorKeyId, this.key.keyArn);
  }

  /** Lets `fn` verify visitor tokens (an identify's proof): kms:GetPublicKey on this key only. */
  grantVerify(fn: KindredFunction): void {
    this.key.grant(fn, "kms:GetPublicKey");
    fn.addEnvironment(ENV.visitorKeyId, this.key.keyArn);
  }
}
