import { type RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  UserPoolResourceServer,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { SCOPES } from "../../lib/auth/principal.js";

/**
 * A Cognito user pool for deployers who have no identity provider yet: a resource server `kindred` with the
 * `customer`, `ingest` and `admin` scopes, an app client for shoppers (their `sub` is their customer id)
 * and one for servers (client credentials, for tills, back office and admins).
 */
export class KindredIdentity extends Construct {
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;
  readonly serverClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.userPool = new UserPool(this, "Pool", {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions::AwsSolutions-COG2",
      reason: "Shoppers sign in to a shop: MFA is the deployer's choice; the pool can require it later.",
    });
    for (const id of ["AwsSolutions::AwsSolutions-COG3", "AwsSolutions::AwsSolutions-COG8"]) {
      Validations.of(this.userPool).acknowledge({
        id,
        reason:
          "Threat protection needs Cognito's paid Plus plan; the deployer decides whether to enable it.",
      });
    }
    const scopes = SCOPES.map(
      (name) => new ResourceServerScope({ scopeName: name, scopeDescription: `Kindred ${name}` }),
    );
    const server = new UserPoolResourceServer(this, "ResourceServer", {
      userPool: this.userPool,
      identifier: "kindred",
      scopes,
    });
    const kindredScope = (name: (typeof SCOPES)[number]) =>
      OAuthScope.resourceServer(server, scopes[SCOPES.indexOf(name)] as ResourceServerScope);
    this.appClient = this.userPool.addClient("AppClient", {
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [kindredScope("customer"), OAuthScope.OPENID],
      },
    });
    this.serverClient = this.userPool.addClient("ServerClient", {
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: [kindredScope("ingest"), kindredScope("admin")] },
    });
  }
}
