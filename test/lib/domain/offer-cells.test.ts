import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellOf, cellsCovering, distanceM } from "../../../lib/domain/geo.js";

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** The point `distance` metres from `from` on the initial bearing `bearing` (great circle). */
function destination(from: { lat: number; lon: number }, bearing: number, distance: number) {
  const δ = distance / EARTH_RADIUS_M;
  const φ1 = rad(from.lat);
  const θ = rad(bearing);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 =
    rad(from.lon) +
    Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  const lon = ((deg(λ2) + 540) % 360) - 180;
  return { lat: deg(φ2), lon };
}

describe("offer cells", () => {
  it("find an offer across the ±180° meridian (the issue's example)", () => {
    const offer = { lat: -16.8, lon: 179.99 };
    const point = { lat: -16.8, lon: -179.995 };
    expect(distanceM(offer, point)).toBeLessThan(5_000);
    expect(cellsCovering(offer, 5_000)).toContain(cellOf(point));
  });

  it("find an offer at a pole from any longitude", () => {
    const offer = { lat: 89.99, lon: 0 };
    const point = { lat: 89.995, lon: 120 };
    expect(distanceM(offer, point)).toBeLessThan(5_000);
    expect(cellsCovering(offer, 5_000)).toContain(cellOf(point));
    expect(cellsCovering({ lat: -89.98, lon: -45 }, 5_000)).toContain(cellOf({ lat: -89.99, lon: 170 }));
  });

  it("cover every point inside any circle, anywhere on Earth", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 1, max: 50_000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (lat, lon, radiusM, bearing, fraction) => {
          const point = destination({ lat, lon }, bearing, radiusM * fraction);
          expect(cellsCovering({ lat, lon }, radiusM)).toContain(cellOf(point));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
