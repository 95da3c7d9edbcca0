import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from "aws-lambda";
import { z } from "zod";
import { visitorKeyKid } from "../../lib/auth/kms-token-signer.js";
import { discoveredKeys, type VerifiedClaims, verifyBearer } from "../../lib/auth/token-verifier.js";
import { ENV } from "../../lib/config/env-names.js";
import { visitorPublicKey } from "./visitor-public-key.js";

/**
 * API Gateway's Lambda authorizer for the routes a `customer` token may call (auth `jwt-or-visitor`):
 * accepts the deployer's identity provider's tokens and Kindred's visitor tokens, with the checks of the
 * JWT authorizer (lib/auth/token-verifier.ts). The verified claims reach the function as
 * `requestContext.authorizer.lambda`, strings, as the JWT authorizer hands them over.
 */
const env = z
  .object({
    [ENV.visitorKeyId]: z.string().min(1),
    [ENV.jwtIssuer]: z.url(),
    [ENV.jwtAudience]: z.string().min(1),
    [ENV.region]: z.string().min(1),
  })
  .parse(process.env);

const config = {
  provider: {
    issuer: env[ENV.jwtIssuer],
    audiences: env[ENV.jwtAudience].split(","),
    keys: discoveredKeys(env[ENV.jwtIssuer]),
  },
  visitorKey: visitorPublicKey(env[ENV.region], env[ENV.visitorKeyId]),
  visitorKid: visitorKeyKid(env[ENV.visitorKeyId]),
};

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<VerifiedClaims>> => {
  const claims = await verifyBearer(event.headers?.authorization, config);
  return claims ? { isAuthorized: true, context: claims } : { isAuthorized: false, context: {} };
};
