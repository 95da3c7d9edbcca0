import { describe, expect, it } from "vitest";
import { geohash, STORED_GEOHASH_PRECISION } from "../../../lib/domain/geohash.js";

describe("geohash cells", () => {
  it("matches the published geohashes of known points", () => {
    // Values from the geohash reference (geohash.org) for these coordinates.
    expect(geohash(57.64911, 10.40744, 11)).toBe("u4pruydqqvj");
    expect(geohash(48.8584, 2.2945, 5)).toBe("u09tu");
    expect(geohash(-33.8688, 151.2093, 5)).toBe("r3gx2");
  });

  it("gives nearby points the same coarse cell, and a coarser cell is a prefix of a finer one", () => {
    const a = geohash(52.52, 13.405, STORED_GEOHASH_PRECISION);
    expect(geohash(52.5201, 13.4051, STORED_GEOHASH_PRECISION)).toBe(a);
    expect(geohash(52.52, 13.405, 9).startsWith(a)).toBe(true);
  });
});
