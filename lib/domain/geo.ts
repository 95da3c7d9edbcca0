import { geohash } from "./geohash.js";

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): what decides whether a point is inside an offer's area. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Offers are indexed by geohash cells of 4 characters (about 39 × 20 km at the equator, never finer than
 * the 5-character cells that are the finest Kindred stores about a person). A point reads one cell.
 */
export const OFFER_CELL_PRECISION = 4;
const CELL_LAT = 180 / 2 ** 10;
const CELL_LON = 360 / 2 ** 10;

/** Every offer cell that a circle touches (the cells of its bounding box), for indexing the offer. */
export function cellsCovering(centre: { lat: number; lon: number }, radiusM: number): string[] {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos(rad(centre.lat)));
  const minLat = Math.max(-90, centre.lat - dLat);
  const maxLat = Math.min(90, centre.lat + dLat);
  const minLon = Math.max(-180, centre.lon - dLon);
  const maxLon = Math.min(180, centre.lon + dLon);
  const cells = new Set<string>();
  for (let lat = minLat; lat < maxLat + CELL_LAT; lat += CELL_LAT) {
    for (let lon = minLon; lon < maxLon + CELL_LON; lon += CELL_LON) {
      cells.add(geohash(Math.min(lat, maxLat), Math.min(lon, maxLon), OFFER_CELL_PRECISION));
    }
  }
  return [...cells].sort();
}

export const cellOf = (point: { lat: number; lon: number }) =>
  geohash(point.lat, point.lon, OFFER_CELL_PRECISION);
