import { describe, expect, it } from "vitest";
import { answeringFetch, latest } from "../../../clients/console/src/answering-fetch.js";
import { readClaims } from "../../../clients/console/src/claims.js";
import { geohashBounds } from "../../../clients/console/src/geohash.js";
import { unwrapRing } from "../../../clients/console/src/map-geometry.js";
import { problemText } from "../../../clients/console/src/problems.js";
import { signToken } from "../../../infra/local/local-tokens.js";
import { geohash } from "../../../lib/domain/geohash.js";

describe("the token's claims, read to choose views", () => {
  it("reads sub, scopes (split on single spaces) and expiry of a real local token", async () => {
    const token = await signToken("s".repeat(40), { sub: "demo-alice", scope: "customer ingest" });
    const claims = readClaims(token);
    expect(claims).toMatchObject({ sub: "demo-alice", scopes: ["customer", "ingest"] });
    expect(claims?.expiresAt).toBeGreaterThan(Date.now());
  });

  it("reads Cognito's resource-server scopes (kindred/admin) as the API does", async () => {
    const token = await signToken("s".repeat(40), { sub: "client-1", scope: "kindred/admin" });
    expect(readClaims(token)?.scopes).toEqual(["admin"]);
  });

  it("is undefined for text that is not a JWT", () => {
    expect(readClaims("not a token")).toBeUndefined();
    expect(readClaims("a.%%%.c")).toBeUndefined();
  });
});

describe("a geohash cell's bounds", () => {
  it("contains the point it was encoded from, at the profile's precision (5 characters)", () => {
    for (const [lat, lon] of [
      [52.5219, 13.4132],
      [-33.86, 151.21],
      [40.7411, -73.9897],
      [0, 0],
    ] as const) {
      const cell = geohashBounds(geohash(lat, lon, 5));
      expect(cell).toBeDefined();
      if (!cell) continue;
      expect(lat).toBeGreaterThanOrEqual(cell.south);
      expect(lat).toBeLessThanOrEqual(cell.north);
      expect(lon).toBeGreaterThanOrEqual(cell.west);
      expect(lon).toBeLessThanOrEqual(cell.east);
      // About 5 km: a 5-character cell is 0.044° of latitude by 0.044° of longitude.
      expect(cell.north - cell.south).toBeCloseTo(180 / 2 ** 12, 6);
    }
  });

  it("is undefined for text that is not a geohash", () => {
    expect(geohashBounds("")).toBeUndefined();
    expect(geohashBounds("u33a!")).toBeUndefined();
  });
});

describe("outlines across the ±180° meridian", () => {
  it("makes longitudes continuous so no edge crosses the whole map", () => {
    expect(
      unwrapRing([
        [179, 60],
        [-179, 61],
        [-178, 62],
        [179, 60],
      ]),
    ).toEqual([
      [179, 60],
      [181, 61],
      [182, 62],
      [179, 60],
    ]);
    expect(
      unwrapRing([
        [10, 1],
        [11, 2],
      ]),
    ).toEqual([
      [10, 1],
      [11, 2],
    ]);
  });
});

describe("API errors in plain words", () => {
  it("says what a 401 and a 403 mean for the person at the console", () => {
    expect(problemText({ status: 401 })).toMatch(/paste a new one/);
    expect(problemText({ status: 403 })).toMatch(/customer token sees only its own data/);
  });

  it("names each failing field of a 400", () => {
    expect(
      problemText({
        status: 400,
        title: "Invalid request",
        detail: "The request is not valid.",
        errors: [{ path: "variants.0.weight", message: "Too small" }],
      }),
    ).toBe("Invalid request (400): The request is not valid. — variants.0.weight: Too small");
  });
});

describe("the console's answers from the API", () => {
  it("turns no answer, or one that is not JSON, into a problem every view can show", async () => {
    const down = answeringFetch("http://api.example", async () => {
      throw new TypeError("Failed to fetch");
    });
    const unreachable = await down("http://api.example/v1/items");
    expect(unreachable.status).toBe(503);
    expect(await unreachable.json()).toMatchObject({ title: "API unreachable" });
    const portal = answeringFetch(
      "http://api.example",
      async () => new Response("<html>", { status: 200, headers: { "content-type": "text/html" } }),
    );
    expect((await portal("http://api.example/v1/items")).status).toBe(502);
    const fine = answeringFetch("http://api.example", async () => new Response(null, { status: 204 }));
    expect((await fine("http://api.example/v1/rules/x")).status).toBe(204);
  });

  it("lets only the latest of overlapping loads show its answer", () => {
    const loads = latest();
    const first = loads.take();
    const second = loads.take();
    expect([loads.isLatest(first), loads.isLatest(second)]).toEqual([false, true]);
  });
});
