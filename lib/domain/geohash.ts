const BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

/** The finest cell Kindred ever keeps: 5 characters, about 4.9 km × 4.9 km at the equator. */
export const STORED_GEOHASH_PRECISION = 5;

/** A stored cell is never narrower than this (east–west) where a coarser geohash can avoid it. */
const MIN_STORED_WIDTH_KM = 2.4;
const EQUATOR_KM = 40_075;

/**
 * The cell kept about a person at a point: 5 characters, or fewer where meridians converge (above about
 * 60° a 5-character cell is narrower than half its nominal 4.9 km, and near a pole only metres wide), so
 * what is kept is never much finer than "about 5 km" east–west. At most 5 characters.
 */
export function storedGeohash(lat: number, lon: number): string {
  const shrink = Math.cos((lat * Math.PI) / 180);
  let precision = STORED_GEOHASH_PRECISION;
  const widthKm = (p: number) => (EQUATOR_KM / 2 ** Math.ceil((5 * p) / 2)) * shrink;
  while (precision > 1 && widthKm(precision) < MIN_STORED_WIDTH_KM) precision--;
  return geohash(lat, lon, precision);
}

/**
 * The geohash cell containing a point: bits alternate longitude and latitude, each halving its range,
 * five bits per character. Fewer characters, bigger cell.
 */
export function geohash(lat: number, lon: number, precision: number): string {
  let latRange: [number, number] = [-90, 90];
  let lonRange: [number, number] = [-180, 180];
  let hash = "";
  let bits = 0;
  let value = 0;
  let evenBit = true;
  while (hash.length < precision) {
    const range = evenBit ? lonRange : latRange;
    const coordinate = evenBit ? lon : lat;
    const mid = (range[0] + range[1]) / 2;
    value <<= 1;
    if (coordinate >= mid) {
      value |= 1;
      if (evenBit) lonRange = [mid, range[1]];
      else latRange = [mid, range[1]];
    } else if (evenBit) lonRange = [range[0], mid];
    else latRange = [range[0], mid];
    evenBit = !evenBit;
    if (++bits === 5) {
      hash += BASE32[value];
      bits = 0;
      value = 0;
    }
  }
  return hash;
}

/** The centre of a geohash cell. */
export function cellCentre(hash: string): { lat: number; lon: number } {
  let lat: [number, number] = [-90, 90];
  let lon: [number, number] = [-180, 180];
  let evenBit = true;
  for (const char of hash) {
    const value = BASE32.indexOf(char);
    for (let bit = 4; bit >= 0; bit--) {
      const on = ((value >> bit) & 1) === 1;
      const range = evenBit ? lon : lat;
      const mid = (range[0] + range[1]) / 2;
      const next: [number, number] = on ? [mid, range[1]] : [range[0], mid];
      if (evenBit) lon = next;
      else lat = next;
      evenBit = !evenBit;
    }
  }
  return { lat: (lat[0] + lat[1]) / 2, lon: (lon[0] + lon[1]) / 2 };
}
