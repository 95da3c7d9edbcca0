import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HttpEvent, jsonBody, params } from "../../functions/http/request.js";
import { UnsupportedMediaType } from "../../lib/errors.js";
import { customerOffersQuerySchema } from "../../lib/schemas/offer.js";
import { forYouQuerySchema, trendingQuerySchema } from "../../lib/schemas/recommendation.js";

const request = (parts: Partial<HttpEvent>) =>
  ({ requestContext: { requestId: "r-1" }, ...parts }) as HttpEvent;

describe("request bodies are JSON, declared as such", () => {
  it("reads a body declared as application/json, in any case, with any parameters and a UTF-8 charset", () => {
    for (const type of [
      "application/json",
      "Application/JSON",
      "application/json; charset=utf-8",
      "application/json;charset=UTF-8",
      'application/json; charset="utf-8"',
      "application/json; profile=kindred",
    ]) {
      expect(jsonBody(request({ headers: { "content-type": type }, body: '{"a":1}' })), type).toEqual({
        a: 1,
      });
    }
  });

  it("refuses a body in any other media type, or undeclared, as unsupported (415)", () => {
    const others = fc.oneof(
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "application/json-patch+json",
        "application/problem+json",
        "text/json",
        "application/json; charset=latin1",
        "application/json, text/plain",
        "",
      ),
      fc
        .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z+.-]{1,12}$/))
        .map(([t, s]) => `${t}/${s}`),
    );
    fc.assert(
      fc.property(
        others.filter((t) => t.trim().toLowerCase() !== "application/json"),
        (type) => {
          expect(() => jsonBody(request({ headers: { "content-type": type }, body: '{"a":1}' }))).toThrow(
            UnsupportedMediaType,
          );
        },
      ),
    );
    expect(() => jsonBody(request({ headers: {}, body: '{"a":1}' }))).toThrow(UnsupportedMediaType);
  });
});

describe("query parameters: an empty value is the same as none", () => {
  const blank = fc.constantFrom("", " ", "  ", "\t");

  it("gives every optional parameter of every list its default when its value is empty", () => {
    fc.assert(
      fc.property(blank, blank, blank, (a, b, c) => {
        const path = { customerId: "me" };
        expect(
          params(
            customerOffersQuerySchema,
            request({ queryStringParameters: { lat: a, lon: b, limit: c }, pathParameters: path }),
          ),
        ).toEqual(params(customerOffersQuerySchema, request({ pathParameters: path })));
        expect(
          params(
            forYouQuerySchema,
            request({ queryStringParameters: { category: a, country: b, limit: c }, pathParameters: path }),
          ),
        ).toEqual(params(forYouQuerySchema, request({ pathParameters: path })));
        expect(
          params(
            trendingQuerySchema,
            request({ queryStringParameters: { limit: a, country: b, category: c } }),
          ),
        ).toEqual(params(trendingQuerySchema, request({})));
      }),
    );
  });

  it("still says that lat and lon go together when only one of them has a value", () => {
    expect(() =>
      params(
        customerOffersQuerySchema,
        request({ queryStringParameters: { lat: "52.5", lon: "" }, pathParameters: { customerId: "me" } }),
      ),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: "lon" })] }));
  });

  it("lets a path parameter win over a query parameter of the same name", () => {
    const query = params(
      forYouQuerySchema,
      request({ queryStringParameters: { customerId: "mallory" }, pathParameters: { customerId: "me" } }),
    );
    expect(query.customerId).toBe("me");
  });
});

describe("repeatable query parameters", () => {
  it("arrive as every value given, read from the raw query (API Gateway joins them with commas)", () => {
    const event = request({
      rawQueryString: "brand=Smith%2C%20Jones&brand=Acme&tag=&excludeItemIds=a,b&limit=5",
      queryStringParameters: { brand: "Smith, Jones,Acme", tag: "", excludeItemIds: "a,b", limit: "5" },
    });
    expect(params(trendingQuerySchema, event, ["brand", "tag"])).toEqual({
      brand: ["Smith, Jones", "Acme"],
      excludeItemIds: ["a", "b"],
      limit: 5,
    });
  });

  it("refuses a malformed or non-UTF-8 escape in any query parameter, naming it", () => {
    for (const raw of ["brand=%ZZ", "tag=%C3", "excludeItemIds=%ED%A0%80", "limit=5&category=%ZZ"]) {
      const name = (raw.split("&").at(-1) ?? "").split("=")[0];
      const event = request({ rawQueryString: raw, queryStringParameters: {} });
      expect(() => params(trendingQuerySchema, event, ["brand", "tag"]), raw).toThrow(
        expect.objectContaining({
          issues: [{ path: name, message: "is not validly percent-encoded UTF-8" }],
        }),
      );
    }
  });
});
