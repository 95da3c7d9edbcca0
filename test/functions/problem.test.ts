import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorToProblem } from "../../functions/http/problem.js";
import {
  DependencyUnavailable,
  Forbidden,
  InvalidInput,
  NotFound,
  PayloadTooLarge,
  UnsupportedMediaType,
} from "../../lib/errors.js";

afterEach(() => {
  vi.restoreAllMocks();
});

const bodyOf = (r: ReturnType<typeof errorToProblem>) =>
  JSON.parse(String(r.body)) as Record<string, unknown>;

describe("turning errors into problem details", () => {
  it.each([
    [new InvalidInput([{ path: "events.0.type", message: "bad" }]), 400],
    [new Forbidden("no"), 403],
    [new NotFound("gone"), 404],
    [new PayloadTooLarge("big"), 413],
    [new UnsupportedMediaType("not json"), 415],
    [new DependencyUnavailable("later"), 503],
  ])("describes %s to the caller with status %i", (error, status) => {
    const response = errorToProblem(error);
    expect(response.statusCode).toBe(status);
    expect(response.headers?.["content-type"]).toBe("application/problem+json");
    expect(bodyOf(response)).toMatchObject({
      status,
      detail: error.message,
      type: `urn:kindred:problem:${error.kind.replaceAll("_", "-")}`,
    });
  });

  it("gives every kind its own type, so clients need not parse titles", () => {
    const kinds = [new InvalidInput([]), new Forbidden(""), new NotFound(""), new PayloadTooLarge("")];
    const types = kinds.map((e) => bodyOf(errorToProblem(e)).type);
    expect(new Set(types).size).toBe(kinds.length);
  });

  it("names each failing field of invalid input", () => {
    const body = bodyOf(errorToProblem(new InvalidInput([{ path: "items.2.price", message: "too small" }])));
    expect(body.errors).toEqual([{ path: "items.2.price", message: "too small" }]);
  });

  it("answers an unexpected error with an opaque 500 that names no internals, and logs it", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = errorToProblem(
      new TypeError("Cannot read properties of undefined (reading 'pk') at kindred-main"),
    );
    expect(response.statusCode).toBe(500);
    expect(String(response.body)).not.toMatch(/pk|kindred-main|TypeError|at /);
    expect(logged).toHaveBeenCalledOnce();
  });

  it.each([
    [
      "an unexpected error",
      new TypeError("Cannot read 'pk' of customer alice@example.com"),
      "TypeError",
      500,
    ],
    [
      "an unavailable dependency",
      new DependencyUnavailable("stream refused alice@example.com"),
      "DependencyUnavailable",
      503,
    ],
    [
      "a throttled store",
      new ProvisionedThroughputExceededException({ message: "alice@example.com", $metadata: {} }),
      "ProvisionedThroughputExceededException",
      503,
    ],
  ])("logs %s with the request id and the error's name, never its message", (_, error, name, status) => {
    const lines: string[] = [];
    for (const method of ["log", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((line: string) => void lines.push(line));
    }
    expect(errorToProblem(error, "req-42").statusCode).toBe(status);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ requestId: "req-42", errorName: name });
    expect(lines[0]).not.toContain("alice");
  });

  it("turns a throttled store into a retryable 503, and a failed condition it did not expect into a 500", () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const throttled = errorToProblem(
      new ProvisionedThroughputExceededException({
        message: "Rate exceeded",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect(throttled.statusCode).toBe(503);
    expect(throttled.headers?.["retry-after"]).toBe("1");
    const conditional = errorToProblem(
      new ConditionalCheckFailedException({
        message: "The conditional request failed",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect(conditional.statusCode).toBe(500);
  });
});
