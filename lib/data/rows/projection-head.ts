import { type KeyPattern, recogniser, type StoredItem, type TableKey } from "./row-kind.js";

const pattern = { pk: "CATALOG", sk: "PROJECTION_HEAD" } as const satisfies KeyPattern;

/**
 * The latest version of every projection shard (`s<n>`: shard n's), read by each serving process at most
 * once a second; `backfilled` once a projection backfill went through the whole table.
 */
export const projectionHeadRow = {
  name: "projection head",
  pattern,
  key: (): TableKey => ({ pk: pattern.pk, sk: pattern.sk }),
  recognises: recogniser(pattern),
  /** The attribute naming a shard's latest version. */
  shardAttribute: (shard: number) => `s${shard}`,
  backfilledAttribute: "backfilled",
  /** The version the head names for each of `shards` (those it names at all). */
  versionsFromItem: (item: StoredItem | undefined, shards: number): Map<number, number> => {
    const versions = new Map<number, number>();
    for (let shard = 0; shard < shards; shard++) {
      const version = item?.[projectionHeadRow.shardAttribute(shard)];
      if (typeof version === "number") versions.set(shard, version);
    }
    return versions;
  },
};
