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
 * On every ranking path (500 candidates per rank request), so it builds prefixes once and sorts once.
 */
export function itemFeatures(item: FeatureSource): string[] {
  const features: string[] = [];
  for (const path of item.categories ?? []) {
    let prefix = "";
    for (const part of path.split("/")) {
      prefix = prefix === "" ? normalise(part) : `${prefix}/${normalise(part)}`;
      features.push(`category:${prefix}`);
    }
  }
  if (item.brand) features.push(`brand:${normalise(item.brand)}`);
  for (const tag of item.tags ?? []) features.push(`tag:${normalise(tag)}`);
  if (item.price !== undefined) features.push(`price:${priceBand(item.price)}`);
  features.sort();
  return features.filter((f, i) => i === 0 || f !== features[i - 1]);
}
