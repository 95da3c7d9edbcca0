import { describe, expect, it } from "vitest";
import { geohash, STORED_GEOHASH_PRECISION, storedGeohash } from "../../../lib/domain/geohash.js";

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

describe("the cell kept about a person", () => {
  it("is 5 characters where that is about 5 km wide, and coarser where meridians converge", () => {
    expect(storedGeohash(52.52, 13.405)).toHaveLength(5);
    expect(storedGeohash(-33.9, 18.4)).toHaveLength(5);
    expect(storedGeohash(70, 25).length).toBeLessThan(5);
    expect(storedGeohash(89.99, 120).length).toBeLessThanOrEqual(2);
    // Whatever its length, the cell still contains the point.
    expect(geohash(70, 25, 5).startsWith(storedGeohash(70, 25))).toBe(true);
  });
});
