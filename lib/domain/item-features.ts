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
 * The category features of one path, every level of it ("category:shoes", "category:shoes/running"), kept
 * per path: rank candidates given inline repeat a few paths across hundreds of items. Bounded: emptied when
 * full (a few hundred KB at most).
 */
const pathFeatures = new Map<string, readonly string[]>();
const MAX_CACHED_PATHS = 10_000;

function categoryFeatures(path: string): readonly string[] {
  let features = pathFeatures.get(path);
  if (features) return features;
  const built: string[] = [];
  let prefix = "";
  for (const part of path.split("/")) {
    prefix = prefix === "" ? normalise(part) : `${prefix}/${normalise(part)}`;
    built.push(`category:${prefix}`);
  }
  features = built;
  if (pathFeatures.size >= MAX_CACHED_PATHS) pathFeatures.clear();
  pathFeatures.set(path, features);
  return features;
}

/**
 * Feature names for an item: every level of each category path ("category:shoes",
 * "category:shoes/running"), brand, tags and price band. Sorted and unique so profiles are deterministic.
 * On every ranking path (500 candidates per rank request), so it builds prefixes once per path and sorts once.
 */
export function itemFeatures(item: FeatureSource): string[] {
  const features: string[] = [];
  for (const path of item.categories ?? []) features.push(...categoryFeatures(path));
  if (item.brand) features.push(`brand:${normalise(item.brand)}`);
  for (const tag of item.tags ?? []) features.push(`tag:${normalise(tag)}`);
  if (item.price !== undefined) features.push(`price:${priceBand(item.price)}`);
  features.sort();
  return features.filter((f, i) => i === 0 || f !== features[i - 1]);
}

/** Features of entries computed before: the entry objects a catalog projection holds never change. */
const entryFeatures = new WeakMap<FeatureSource, readonly string[]>();

/**
 * itemFeatures of an object that is never changed once made (a catalog projection's entry: a new version
 * of the item is a new object), computed once per object. Shared: callers must not change the array.
 */
export function frozenItemFeatures(entry: FeatureSource): readonly string[] {
  let features = entryFeatures.get(entry);
  if (!features) {
    features = itemFeatures(entry);
    entryFeatures.set(entry, features);
  }
  return features;
}
