import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { DEFAULT_CALLBACK_URLS } from "./constructs/identity.js";
import { Kindred, type KindredProps } from "./constructs/kindred.js";

/**
 * The stack `cdk deploy` creates: Kindred and nothing else. Its outputs are what an app needs to call the
 * API, with stable names (`aws cloudformation describe-stacks`; docs/deploy.md).
 */
export class KindredStack extends Stack {
  readonly kindred: Kindred;

  constructor(scope: Construct, id: string, props: StackProps & { kindred: KindredProps }) {
    super(scope, id, props);
    this.kindred = new Kindred(this, "Kindred", props.kindred);
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output("ApiUrl", this.kindred.apiUrl, "Kindred API base URL");
    output(
      "JwtIssuer",
      this.kindred.jwtIssuer,
      "Issuer of the tokens the API accepts (besides visitor tokens)",
    );
    // For operators: redriving records the consumer gave up on (docs/operations.md).
    output("EventStreamName", this.kindred.events.stream.streamName, "Kinesis stream of accepted events");
    output("OnFailureQueueUrl", this.kindred.consumer.onFailureQueue.queueUrl, "Stream batches given up");
    const identity = this.kindred.identity;
    if (!identity) return;
    // Client secrets are not outputs (anyone who can read the stack could read them): see docs/deploy.md.
    output("UserPoolId", identity.userPool.userPoolId, "Cognito user pool of shoppers and server clients");
    output(
      "TokenUrl",
      identity.tokenUrl,
      "OAuth 2.0 token endpoint (client credentials, authorization code)",
    );
    output("AppClientId", identity.appClient.userPoolClientId, "Shoppers' app client (customer scope)");
    output(
      "IngestClientId",
      identity.ingestClient.userPoolClientId,
      "Server-side producers' client (ingest)",
    );
    output("AdminClientId", identity.adminClient.userPoolClientId, "Admins' client (admin scope)");
    const redirectUri = props.kindred.identity?.callbackUrls?.[0] ?? DEFAULT_CALLBACK_URLS[0] ?? "";
    const query = `response_type=code&scope=openid+kindred%2Fcustomer&redirect_uri=${encodeURIComponent(redirectUri)}`;
    output(
      "SignInUrl",
      `${identity.domain.baseUrl()}/oauth2/authorize?client_id=${identity.appClient.userPoolClientId}&${query}`,
      "Hosted sign-in for shoppers; returns to the first callback URL with a code",
    );
  }
}
