import { type KindredConfig, loadConfig } from "../lib/config/config.js";
import { CatalogProjection } from "../lib/data/catalog-projection.js";
import { DynamoCatalogStore } from "../lib/data/catalog-store.js";
import { createDynamoClient, createKinesisClient } from "../lib/data/clients.js";
import { DynamoCustomerDataStore } from "../lib/data/customer-data-store.js";
import { DynamoExperimentStore } from "../lib/data/experiment-store.js";
import { DynamoNeighbourStore } from "../lib/data/neighbour-store.js";
import { DynamoOfferStore } from "../lib/data/offer-store.js";
import { DynamoProfileStore } from "../lib/data/profile-store.js";
import { DynamoQuarantineStore } from "../lib/data/quarantine-store.js";
import { DynamoRecommendationReads, TREND_ROWS_MAX_AGE_MS } from "../lib/data/recommendation-reads.js";
import { RowCache } from "../lib/data/row-cache.js";
import { DynamoRuleStore } from "../lib/data/rule-store.js";
import { DynamoSeenEventStore } from "../lib/data/seen-event-store.js";
import { DynamoTrendStore } from "../lib/data/trend-store.js";
import { DEFAULT_AFFINITY_LIMITS } from "../lib/domain/affinity.js";
import type { Neighbourhood } from "../lib/domain/co-occurrence.js";
import type { TrendRow } from "../lib/domain/trending.js";
import { KinesisEventPublisher } from "../lib/stream/event-publisher.js";
import type { ListDeps } from "../lib/usecases/list-deps.js";

/** Clients and stores for one process, built on first use and reused by every invocation. */
export interface AppContext {
  config: KindredConfig;
  profiles: DynamoProfileStore;
  catalog: DynamoCatalogStore;
  customerData: DynamoCustomerDataStore;
  experiments: DynamoExperimentStore;
  offers: DynamoOfferStore;
  rules: DynamoRuleStore;
  quarantine: DynamoQuarantineStore;
  seen: DynamoSeenEventStore;
  neighbours: DynamoNeighbourStore;
  /** What the list use cases read with and rank by. */
  lists: ListDeps;
  trends: DynamoTrendStore;
  publisher: KinesisEventPublisher;
  affinity: { halfLifeMs: number; maxFeatures: number; minMagnitude: number };
  now: () => number;
}

let context: AppContext | undefined;

export function appContext(): AppContext {
  if (context) return context;
  const config = loadConfig(process.env);
  const db = createDynamoClient(config);
  const experiments = new DynamoExperimentStore(db, config.tableName);
  // One per process, shared by the lists that read it and the catalog writes that tell it of each change.
  const projection = new CatalogProjection();
  context = {
    config,
    profiles: new DynamoProfileStore(db, config.tableName),
    catalog: new DynamoCatalogStore(db, config.tableName, projection),
    customerData: new DynamoCustomerDataStore(db, config.tableName),
    experiments,
    offers: new DynamoOfferStore(db, config.tableName),
    rules: new DynamoRuleStore(db, config.tableName),
    quarantine: new DynamoQuarantineStore(db, config.tableName),
    seen: new DynamoSeenEventStore(db, config.tableName),
    neighbours: new DynamoNeighbourStore(db, config.tableName),
    lists: {
      reads: new DynamoRecommendationReads(db, config.tableName, projection, {
        rows: new RowCache<Neighbourhood>(config.rowCacheMs),
        trends: new RowCache<TrendRow>(Math.min(TREND_ROWS_MAX_AGE_MS, config.rowCacheMs)),
      }),
      experiments,
      strategy: config.strategy,
      halfLifeMs: config.affinityHalfLifeMs,
      now: Date.now,
    },
    trends: new DynamoTrendStore(db, config.tableName),
    publisher: new KinesisEventPublisher(createKinesisClient(config), config.streamName),
    affinity: { halfLifeMs: config.affinityHalfLifeMs, ...DEFAULT_AFFINITY_LIMITS },
    now: Date.now,
  };
  return context;
}
