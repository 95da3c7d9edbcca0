import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type FieldIssue, KindredError } from "../../lib/errors.js";
import { log } from "../log.js";

interface ProblemShape {
  status: number;
  title: string;
}

/** The one place where the error vocabulary becomes HTTP. */
const PROBLEMS: Record<string, ProblemShape> = {
  invalid_input: { status: 400, title: "Invalid request" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  dependency_unavailable: { status: 503, title: "Service temporarily unavailable" },
};

export function problemResponse(
  status: number,
  title: string,
  detail: string,
  errors?: FieldIssue[],
): APIGatewayProxyStructuredResultV2 {
  const body = { type: "about:blank", title, status, detail, ...(errors ? { errors } : {}) };
  return {
    statusCode: status,
    headers: {
      "content-type": "application/problem+json",
      ...(status === 503 ? { "retry-after": "1" } : {}),
    },
    body: JSON.stringify(body),
  };
}

/** Known errors are described to the caller; anything else is logged here and answered with an opaque 500. */
export function errorToProblem(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof KindredError) {
    const shape = PROBLEMS[error.kind];
    if (shape) {
      const issues = "issues" in error ? (error.issues as FieldIssue[]) : undefined;
      if (shape.status >= 500) log("warn", "dependency unavailable", { kind: error.kind });
      return problemResponse(shape.status, shape.title, error.message, issues);
    }
  }
  if (isTransientAwsError(error)) {
    log("warn", "dependency throttled or unavailable", { errorName: (error as Error).name });
    return problemResponse(503, PROBLEMS.dependency_unavailable?.title ?? "", "Please retry shortly.");
  }
  // Where it failed, not what it said: a message can quote the input, and the input can be personal.
  log("error", "unhandled error", {
    errorName: error instanceof Error ? error.name : typeof error,
    frames:
      error instanceof Error
        ? (error.stack ?? "")
            .split("\n")
            .slice(1, 6)
            .map((f) => f.trim())
        : [],
  });
  return problemResponse(500, "Internal error", "Something went wrong on our side. It has been logged.");
}

/** SDK errors that say "try again": throttling, a 5xx from the service, or a marked-retryable fault. */
function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    e.$retryable !== undefined ||
    status >= 500 ||
    /Throttl|ThroughputExceeded|RequestLimitExceeded/.test(e.name)
  );
}
