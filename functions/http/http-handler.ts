import middy from "@middy/core";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Principal } from "../../lib/auth/principal.js";
import { errorToProblem } from "./problem.js";
import { type HttpEvent, principalOf } from "./request.js";

type Result = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown): Result {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

export const noContent = (): Result => ({ statusCode: 204 });

/** The response with the request's id, API Gateway's `requestContext.requestId`, as `x-request-id`. */
const withRequestId = (result: Result, event: HttpEvent): Result => ({
  ...result,
  headers: { ...result.headers, "x-request-id": event.requestContext.requestId },
});

/**
 * Any failure in the handler becomes problem+json here (nothing else formats errors), and every response
 * carries the request's id, so a caller can quote the one line a 5xx was logged with.
 */
const problemDetails = (): middy.MiddlewareObj<HttpEvent, Result> => ({
  after: (request) => {
    if (request.response) request.response = withRequestId(request.response, request.event);
  },
  onError: (request) => {
    const requestId = request.event.requestContext.requestId;
    request.response = withRequestId(errorToProblem(request.error, requestId), request.event);
  },
});

/** A route that needs a verified token: the handler receives the caller as a Principal. */
export function authenticatedRoute(handle: (event: HttpEvent, principal: Principal) => Promise<Result>) {
  return middy<HttpEvent, Result>()
    .use(problemDetails())
    .handler((event) => handle(event, principalOf(event)));
}

/** A route open to anyone (health, the API description). */
export function publicRoute(handle: (event: HttpEvent) => Promise<Result>) {
  return middy<HttpEvent, Result>().use(problemDetails()).handler(handle);
}
