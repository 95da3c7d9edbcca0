const BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

/** A geohash cell's bounds, south-west and north-east corners; undefined for text that is not a geohash. */
export function geohashBounds(
  hash: string,
): { south: number; west: number; north: number; east: number } | undefined {
  if (hash === "") return undefined;
  let south = -90;
  let north = 90;
  let west = -180;
  let east = 180;
  // Bits alternate longitude, latitude, starting with longitude (the geohash definition).
  let lonBit = true;
  for (const ch of hash.toLowerCase()) {
    const value = BASE32.indexOf(ch);
    if (value < 0) return undefined;
    for (let bit = 4; bit >= 0; bit--) {
      const on = ((value >> bit) & 1) === 1;
      if (lonBit) {
        const mid = (west + east) / 2;
        if (on) west = mid;
        else east = mid;
      } else {
        const mid = (south + north) / 2;
        if (on) south = mid;
        else north = mid;
      }
      lonBit = !lonBit;
    }
  }
  return { south, west, north, east };
}
