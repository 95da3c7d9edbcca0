/** The parts of a catalog item that affinity is learned over. */
export interface FeatureSource {
  categories?: readonly string[];
  brand?: string | undefined;
  tags?: readonly string[] | undefined;
  price?: number | undefined;
}

const PRICE_BAND_EDGES = [10, 25, 50, 100, 250, 500, 1000] as const;

/** Coarse, roughly logarithmic price bands, so that "buys around 50-100" generalises across items. */
export function priceBand(price: number): string {
  let low = 0;
  for (const edge of PRICE_BAND_EDGES) {
    if (price < edge) return `${low}-${edge}`;
    low = edge;
  }
  return `${low}+`;
}

const normalise = (s: string) => s.trim().toLowerCase();

/**
 * Feature names for an item: every level of each category path ("category:shoes",
 * "category:shoes/running"), brand, tags and price band. Sorted and unique so profiles are deterministic.
 */
export function itemFeatures(item: FeatureSource): string[] {
  const features = new Set<string>();
  for (const path of item.categories ?? []) {
    const parts = path.split("/").map(normalise);
    for (let depth = 1; depth <= parts.length; depth++) {
      features.add(`category:${parts.slice(0, depth).join("/")}`);
    }
  }
  if (item.brand) features.add(`brand:${normalise(item.brand)}`);
  for (const tag of item.tags ?? []) features.add(`tag:${normalise(tag)}`);
  if (item.price !== undefined) features.add(`price:${priceBand(item.price)}`);
  return [...features].sort();
}
