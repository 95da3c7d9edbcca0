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
/** A 4-character geohash has 10 bits of longitude and 10 of latitude: a grid of 1024 × 1024 cells. */
const GRID = 2 ** 10;
const CELL_LAT = 180 / GRID;
const CELL_LON = 360 / GRID;

/**
 * Every offer cell that a circle touches (the cells of its bounding box), for indexing the offer. The box
 * wraps across the ±180° meridian, and a circle that reaches a pole (or whose box would span half the
 * globe's longitudes) takes every longitude of its latitude band.
 */
export function cellsCovering(centre: { lat: number; lon: number }, radiusM: number): string[] {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const minLat = Math.max(-90, centre.lat - dLat);
  const maxLat = Math.min(90, centre.lat + dLat);
  const reachesPole = centre.lat + dLat >= 90 || centre.lat - dLat <= -90;
  // The widest point of the circle is at the latitude of its box nearest a pole.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const dLon = reachesPole ? 180 : dLat / Math.max(1e-9, Math.cos(rad(widest)));
  const row = (lat: number) => Math.min(GRID - 1, Math.floor((lat + 90) / CELL_LAT));
  const column = (lon: number) => Math.floor((lon + 180) / CELL_LON);
  const [firstColumn, lastColumn] =
    dLon >= 180 ? [0, GRID - 1] : [column(centre.lon - dLon), column(centre.lon + dLon)];
  const cells = new Set<string>();
  for (let r = row(minLat); r <= row(maxLat); r++) {
    for (let c = firstColumn; c <= lastColumn; c++) {
      const wrapped = ((c % GRID) + GRID) % GRID;
      cells.add(geohash(-90 + (r + 0.5) * CELL_LAT, -180 + (wrapped + 0.5) * CELL_LON, OFFER_CELL_PRECISION));
    }
  }
  return [...cells].sort();
}

export const cellOf = (point: { lat: number; lon: number }) =>
  geohash(point.lat, point.lon, OFFER_CELL_PRECISION);
