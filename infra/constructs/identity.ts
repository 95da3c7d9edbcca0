import { Aws, Fn, type RemovalPolicy, Stack, Token, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolResourceServer,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { SCOPES, type Scope } from "../../lib/auth/principal.js";

export interface KindredIdentityProps {
  removalPolicy: RemovalPolicy;
  /**
   * Prefix of the pool's Cognito domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region
   * over all AWS accounts. Default: the stack's name and the account id, e.g. `kindred-123456789012`.
   */
  domainPrefix?: string;
  /** Where the hosted sign-in sends shoppers back with a code (default: `http://localhost/callback`). */
  callbackUrls?: string[];
  /** Where sign-out sends them (default: `http://localhost/signed-out`). */
  logoutUrls?: string[];
}

/** The resource server's identifier: Cognito writes scopes into access tokens as `kindred/<scope>`. */
export const RESOURCE_SERVER_ID = "kindred";
/**
 * Until the deployer names their app's pages: http is allowed for localhost only, and a browser that lands
 * there shows the `code` in its address bar, which is all trying the sign-in from a laptop needs.
 */
export const DEFAULT_CALLBACK_URLS = ["http://localhost/callback"];
export const DEFAULT_LOGOUT_URLS = ["http://localhost/signed-out"];

/**
 * A Cognito user pool for deployers who have no identity provider yet: a resource server `kindred` with the
 * `customer`, `ingest` and `admin` scopes, a domain (so it has a token endpoint and a hosted sign-in), an
 * app client for shoppers (authorization code; their `sub` is their customer id), and one client-credentials
 * client per server-side role — producers (`ingest`) and admins (`admin`) — so a till's secret cannot
 * administer the catalog.
 */
export class KindredIdentity extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly appClient: UserPoolClient;
  readonly ingestClient: UserPoolClient;
  readonly adminClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: KindredIdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, "Pool", {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
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
    this.domain = this.userPool.addDomain("Domain", {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? defaultDomainPrefix(this) },
    });

    const scopes = SCOPES.map(
      (name) => new ResourceServerScope({ scopeName: name, scopeDescription: `Kindred ${name}` }),
    );
    const server = new UserPoolResourceServer(this, "ResourceServer", {
      userPool: this.userPool,
      identifier: RESOURCE_SERVER_ID,
      scopes,
    });
    // Written out rather than as references to the resource server, so the template says what the access
    // tokens will say (`kindred/ingest`, which lib/auth/principal.ts reads as `ingest`).
    const kindredScope = (name: Scope) => OAuthScope.custom(`${RESOURCE_SERVER_ID}/${name}`);
    this.appClient = this.userPool.addClient("AppClient", {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [kindredScope("customer"), OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: props.callbackUrls ?? DEFAULT_CALLBACK_URLS,
        logoutUrls: props.logoutUrls ?? DEFAULT_LOGOUT_URLS,
      },
    });
    const serverClient = (id: string, scope: Scope) =>
      this.userPool.addClient(id, {
        generateSecret: true,
        oAuth: { flows: { clientCredentials: true }, scopes: [kindredScope(scope)] },
      });
    this.ingestClient = serverClient("IngestClient", "ingest");
    this.adminClient = serverClient("AdminClient", "admin");
    // A client may only name scopes that exist: create the resource server first.
    for (const client of [this.appClient, this.ingestClient, this.adminClient])
      client.node.addDependency(server);
  }

  /** The OAuth 2.0 token endpoint of the pool's domain. */
  get tokenUrl(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }

  /** The client ids API Gateway accepts as audience (`aud` of ID tokens, `client_id` of access tokens). */
  get clientIds(): string[] {
    return [this.appClient, this.ingestClient, this.adminClient].map((c) => c.userPoolClientId);
  }
}

/**
 * `<stack name>-<account id>`: stable across deploys, distinct between accounts, and free of the words
 * Cognito refuses in a prefix ("aws", "amazon", "cognito"). An unresolved account id stays a token that
 * CloudFormation fills in.
 */
function defaultDomainPrefix(scope: Construct): string {
  const stack = Stack.of(scope);
  const name = Token.isUnresolved(stack.stackName)
    ? "kindred"
    : stack.stackName
        .toLowerCase()
        .replace(/aws|amazon|cognito/g, "")
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 40) || "kindred";
  return Fn.join("-", [name, Aws.ACCOUNT_ID]);
}
