import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Neighbourhood, Relation } from "../domain/co-occurrence.js";
import type { NewArrivals } from "../domain/new-arrivals.js";
import type { TrendRow } from "../domain/trending.js";
import type { Placement } from "../schemas/experiment.js";
import type { Rule, RulePlacement } from "../schemas/rule.js";
import { batchGet } from "./batch.js";
import { type CatalogEntry, CatalogProjection, SHARD_READ_CHUNK } from "./catalog-projection.js";
import type { RowCache } from "./row-cache.js";
import { NEIGHBOUR_ROWS, neighbourRowOf } from "./rows/neighbours.js";
import type { RunningExperiment } from "./rows/placement-experiment.js";
import { profileRow, type StoredProfile } from "./rows/profile.js";
import type { TableKey } from "./rows/row-kind.js";
import { trendRow } from "./rows/trend.js";
import { SettingsRows } from "./settings-rows.js";

/** Everything one step of a recommendation request needs; all of it is read in one round trip. */
export interface ReadRequest {
  customerId?: string | undefined;
  /**
   * What lists need of these catalog items, from this process's copy of the catalog projection as it is
   * after this round trip: a round trip that asks for entries re-reads the projection's shards that the
   * last head named as changed (every shard the first time). Ids not in the catalog are absent.
   */
  itemIds?: readonly string[];
  /**
   * Relation rows of these items. `cachedOk`: rows this process read within the cache's bound will do (for
   * what changes slowly, such as an item's occurrence count); without it every row is read fresh.
   */
  neighbours?: { relation: Relation; itemIds: readonly string[]; cachedOk?: boolean };
  /** Bought-together rows of these items, besides `neighbours` (for a customer's latest purchases). */
  coBought?: readonly string[];
  trendScopes?: readonly string[];
  /** The experiment running on this placement, if any. */
  placement?: Placement | undefined;
  /** The catalog's new-arrivals row. */
  newArrivals?: boolean;
  /** The business rules of this placement and those of every placement (`*` alone: only those). */
  rules?: RulePlacement | undefined;
}

export interface ReadResult {
  profile?: StoredProfile | undefined;
  items: Map<string, CatalogEntry>;
  neighbourhoods: Map<string, Neighbourhood>;
  /** Rows asked for by `coBought`. */
  coBought: Map<string, Neighbourhood>;
  trends: Map<string, TrendRow>;
  running?: RunningExperiment | undefined;
  newArrivals?: NewArrivals | undefined;
  /** The rules stored for the placement asked for and for `*` (valid or not: see rulesInForce). */
  rules: Rule[];
}

/** The reads a recommendation request makes: each call is one round trip (BatchGets of ≤ 100 keys, in parallel). */
export interface RecommendationReads {
  read(request: ReadRequest): Promise<ReadResult>;
  /**
   * What lists need of these catalog items, as this process's copy of the projection holds it now (no store
   * request): after a round trip that asked for entries, every item of the catalog as of that round trip.
   */
  catalogEntries(itemIds: Iterable<string>): Map<string, CatalogEntry>;
}

/** How long a trending row read may serve: events take about as long to reach a list anyway. */
export const TREND_ROWS_MAX_AGE_MS = 1000;

/**
 * What a serving process may keep of what it read. `rows`: relation rows, used only where `cachedOk` says
 * (a candidate's occurrence count); `trends`: trending rows, which every list reads (at most
 * TREND_ROWS_MAX_AGE_MS); `settings`: the rules, experiment and new-arrivals rows lists read.
 */
export interface ReadCaches {
  rows?: RowCache<Neighbourhood>;
  trends?: RowCache<TrendRow>;
  /** Rules, running experiments and new arrivals (settings-rows.ts: at most SETTINGS_ROWS_MAX_AGE_MS). */
  settings?: SettingsRows;
}

/** The row cache's key of an item's row of a relation. */
const cacheKey = (relation: Relation, itemId: string) => `${relation.name}#${itemId}`;

export class DynamoRecommendationReads implements RecommendationReads {
  /**
   * `projection`: this process's copy of the catalog projection (shared with its catalog writes, which
   * tell it of each change). `caches`: see ReadCaches; none, every row is read.
   */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly projection = new CatalogProjection(),
    private readonly caches: ReadCaches = {},
  ) {
    this.settings = caches.settings ?? new SettingsRows();
  }

  private readonly settings: SettingsRows;

  /** Rows of `relation` this process read within its cache's bound (no store request). */
  private cachedRows(relation: Relation, itemIds: Iterable<string>): Map<string, Neighbourhood> {
    const found = new Map<string, Neighbourhood>();
    for (const id of itemIds) {
      const hood = this.caches.rows?.get(cacheKey(relation, id));
      if (hood) found.set(id, hood);
    }
    return found;
  }

  catalogEntries(itemIds: Iterable<string>): Map<string, CatalogEntry> {
    const found = new Map<string, CatalogEntry>();
    for (const id of itemIds) {
      const entry = this.projection.get(id);
      if (entry) found.set(id, entry);
    }
    return found;
  }

  async read(request: ReadRequest): Promise<ReadResult> {
    const { customerId, itemIds = [], neighbours, coBought = [], trendScopes = [] } = request;
    const rowsCached = neighbours?.cachedOk
      ? this.cachedRows(neighbours.relation, neighbours.itemIds)
      : new Map<string, Neighbourhood>();
    const rowsToRead = (neighbours?.itemIds ?? []).filter((id) => !rowsCached.has(id));
    const trendsCached = new Map<string, TrendRow>();
    for (const scope of trendScopes) {
      const row = this.caches.trends?.get(scope);
      if (row) trendsCached.set(scope, row);
    }
    const catalog = this.projection.plan(itemIds.length > 0);
    const settings = this.settings.plan(request);
    const relationRow = neighbours && neighbourRowOf(neighbours.relation);
    const coBoughtRow = NEIGHBOUR_ROWS.bought_together;
    const wanted: TableKey[] = [
      ...(customerId === undefined ? [] : [profileRow.key(customerId)]),
      ...(relationRow ? rowsToRead.map(relationRow.key) : []),
      ...coBought.map(coBoughtRow.key),
      ...trendScopes.filter((scope) => !trendsCached.has(scope)).map(trendRow.key),
      ...settings.keys,
    ];
    const result: ReadResult = {
      items: new Map(),
      neighbourhoods: rowsCached,
      coBought: new Map(),
      trends: trendsCached,
      rules: [],
    };
    // Shards are large: read in small BatchGets alongside the rest (the same round trip). With none due (the
    // usual case), the head, one small row, joins the other keys' BatchGet: a store request and its SDK
    // work fewer (a process serving less than a request a second reads the head on every request).
    const shardsApart = catalog.shards.length > 0;
    const sentAt = { rows: this.caches.rows?.stamp() ?? 0, trends: this.caches.trends?.stamp() ?? 0 };
    const [read, projectionRows] = await Promise.all([
      batchGet(this.db, this.tableName, shardsApart ? wanted : [...wanted, ...catalog.keys]),
      shardsApart ? batchGet(this.db, this.tableName, catalog.keys, { chunkSize: SHARD_READ_CHUNK }) : [],
    ]);
    this.projection.absorb(catalog, shardsApart ? projectionRows : read);
    result.items = this.catalogEntries(itemIds);
    const { rules, running, newArrivals } = this.settings.absorb(settings, read);
    Object.assign(result, { rules, running, newArrivals });
    for (const row of read) {
      if (profileRow.recognises(row)) {
        result.profile = profileRow.fromItem(row);
      } else if (trendRow.recognises(row)) {
        const { row: trend } = trendRow.fromItem(row);
        result.trends.set(trend.scope, trend);
        this.caches.trends?.set(trend.scope, trend, sentAt.trends);
      } else if (neighbours && relationRow?.recognises(row)) {
        const { hood } = relationRow.fromItem(row);
        result.neighbourhoods.set(hood.itemId, hood);
        this.caches.rows?.set(cacheKey(neighbours.relation, hood.itemId), hood, sentAt.rows);
      }
      if (coBoughtRow.recognises(row) && coBought.length > 0) {
        const { hood } = coBoughtRow.fromItem(row);
        result.coBought.set(hood.itemId, hood);
      }
    }
    return result;
  }
}
