import type { Item } from "../../schemas/item.js";
import {
  type KeyPattern,
  type RowItem,
  recogniser,
  type StoredItem,
  type TableKey,
  VERSION_ATTRIBUTE,
  versionOf,
} from "./row-kind.js";

/**
 * What lists need of a catalog item: eligibility (availability, regions, categories), request-time filters,
 * rules and affinity features. Titles, links and images stay in the catalog entry: no list returns them.
 */
export type CatalogEntry = Pick<
  Item,
  "itemId" | "categories" | "available" | "regions" | "brand" | "tags" | "price"
>;

/** One shard as stored: its entries (a JSON array in one string attribute, parsed once per version). */
export interface ProjectionShard {
  shard: number;
  entries: Map<string, CatalogEntry>;
}

/** The stored form of a shard's entries: what counts against the shard's bound. */
export function shardJson(shard: ProjectionShard): string {
  return JSON.stringify([...shard.entries.values()]);
}

const pattern = { pk: "CATALOG#", sk: "PROJECTION" } as const satisfies KeyPattern;

/**
 * One shard of the catalog projection (catalog-projection.ts): what lists need of the items whose id
 * hashes to it, in one row, so lists never read catalog entries one by one.
 */
export const projectionShardRow = {
  name: "projection shard",
  pattern,
  key: (shard: number): TableKey => ({ pk: `${pattern.pk}${shard}`, sk: pattern.sk }),
  recognises: recogniser(pattern),
  toItem: (shard: ProjectionShard, version: number): RowItem => ({
    ...projectionShardRow.key(shard.shard),
    shard: shard.shard,
    entries: shardJson(shard),
    [VERSION_ATTRIBUTE]: version,
  }),
  fromItem: (item: StoredItem): { row: ProjectionShard; version: number } => {
    const entries = typeof item.entries === "string" ? (JSON.parse(item.entries) as CatalogEntry[]) : [];
    return {
      row: { shard: Number(item.shard), entries: new Map(entries.map((e) => [e.itemId, e])) },
      version: versionOf(item),
    };
  },
};
