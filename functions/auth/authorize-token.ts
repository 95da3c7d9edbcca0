import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from "aws-lambda";
import { type VerifiedClaims, verifyBearer } from "../../lib/auth/token-verifier.js";
import { tokenVerification } from "./token-verification.js";

/**
 * API Gateway's Lambda authorizer for the routes a `customer` token may call (auth `jwt-or-visitor`):
 * accepts the deployer's identity provider's tokens and Kindred's visitor tokens, with the checks of the
 * JWT authorizer (lib/auth/token-verifier.ts). The verified claims reach the function as
 * `requestContext.authorizer.lambda`, strings, as the JWT authorizer hands them over.
 */
const config = tokenVerification(process.env);

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<VerifiedClaims>> => {
  const claims = await verifyBearer(event.headers?.authorization, config);
  return claims ? { isAuthorized: true, context: claims } : { isAuthorized: false, context: {} };
};
