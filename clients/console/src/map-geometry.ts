/**
 * Makes a ring's longitudes continuous: a ring that crosses the ±180° meridian (Russia, Fiji) would
 * otherwise be drawn with an edge across the whole map.
 */
export function unwrapRing(ring: number[][]): number[][] {
  let shift = 0;
  let previous: number | undefined;
  return ring.map(([lon = 0, lat = 0]) => {
    if (previous !== undefined) {
      if (lon - previous > 180) shift -= 360;
      else if (previous - lon > 180) shift += 360;
    }
    previous = lon;
    return [lon + shift, lat];
  });
}
