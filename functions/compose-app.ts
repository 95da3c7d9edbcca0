import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { KindredConfig } from "../lib/config/config.js";
import { CatalogProjection } from "../lib/data/catalog-projection.js";
import { type CatalogStore, DynamoCatalogStore } from "../lib/data/catalog-store.js";
import { DynamoCustomerDataStore } from "../lib/data/customer-data-store.js";
import { DynamoExperimentStore } from "../lib/data/experiment-store.js";
import { DynamoNeighbourStore } from "../lib/data/neighbour-store.js";
import { DynamoOfferCellIndex } from "../lib/data/offer-cell-index.js";
import { DynamoOfferStore } from "../lib/data/offer-store.js";
import { DynamoProfileStore } from "../lib/data/profile-store.js";
import { DynamoQuarantineStore } from "../lib/data/quarantine-store.js";
import { DynamoRecommendationReads, TREND_ROWS_MAX_AGE_MS } from "../lib/data/recommendation-reads.js";
import { RowCache } from "../lib/data/row-cache.js";
import { DynamoRuleStore } from "../lib/data/rule-store.js";
import { DynamoSeenEventStore } from "../lib/data/seen-event-store.js";
import { SETTINGS_ROWS_MAX_AGE_MS, SettingsRows } from "../lib/data/settings-rows.js";
import { DynamoTrendStore } from "../lib/data/trend-store.js";
import { type AffinitySettings, DEFAULT_AFFINITY_LIMITS } from "../lib/domain/affinity.js";
import type { Neighbourhood } from "../lib/domain/co-occurrence.js";
import type { TrendRow } from "../lib/domain/trending.js";
import { type EventPublisher, KinesisEventPublisher } from "../lib/stream/event-publisher.js";
import type { StreamRecordFormat } from "../lib/stream/grouped-records.js";
import type { ApplyBatchDeps } from "../lib/usecases/apply-event-batch.js";
import type { CustomerOffersDeps } from "../lib/usecases/customer-offers.js";
import type { EraseDeps } from "../lib/usecases/erase-customer.js";
import type { ExperimentDeps } from "../lib/usecases/experiments.js";
import type { GetProfileDeps } from "../lib/usecases/get-profile.js";
import type { ListDeps } from "../lib/usecases/list-deps.js";
import type { MergeDeps } from "../lib/usecases/merge-customers.js";
import type { CampaignDeps } from "../lib/usecases/next-messages.js";
import type { OfferAdminDeps } from "../lib/usecases/offers-admin.js";
import type { RuleDeps } from "../lib/usecases/rules-admin.js";
import type { PreferencesDeps } from "../lib/usecases/set-preferences.js";

/** The SDK clients the stores talk through: made from the configuration in Lambda, passed in by tests. */
export interface AppClients {
  dynamo: DynamoDBDocumentClient;
  kinesis: KinesisClient;
}

export interface ComposeOptions {
  /** The clock every use case reads (default `Date.now`); tests fix it. */
  now?: () => number;
}

/**
 * Every dependency bundle a use case takes, built once per process. A handler picks the bundle of its use
 * case and constructs no store, cache or clock itself (only store tests under test/lib/data do).
 */
export interface App {
  /** The deployed version (health, the OpenAPI document). */
  version: string;
  now: () => number;
  /** The stream consumer's. */
  consumer: ApplyBatchDeps;
  /** What the list use cases read with and rank by. */
  lists: ListDeps;
  customerOffers: CustomerOffersDeps;
  /** Next message(s) for one customer or a campaign's many. */
  messages: CampaignDeps;
  /** Profile reads, merges, erasure and preferences. */
  customers: GetProfileDeps & MergeDeps & EraseDeps & PreferencesDeps;
  catalog: CatalogStore;
  offersAdmin: OfferAdminDeps;
  rulesAdmin: RuleDeps;
  experimentsAdmin: ExperimentDeps;
  /** Events accepted without a visitor proof (the demo loader); the events route: compose-visitors.ts. */
  publisher: EventPublisher;
  /** What ingest writes to the stream: a record per event or per customer (KINDRED_STREAM_RECORDS). */
  streamRecords: StreamRecordFormat;
  /** Where the process runs (the KMS key's region, for the visitor routes: compose-visitors.ts). */
  region: string;
}

/** How profiles learn and decay: the one place the configured half-life reaches the use cases from. */
export function affinitySettings(config: KindredConfig): AffinitySettings {
  return { halfLifeMs: config.affinityHalfLifeMs, ...DEFAULT_AFFINITY_LIMITS };
}

/**
 * The composition root: builds every store, cache and use case bundle from validated configuration and
 * the clients given, and talks to nothing itself: Lambda, local mode, tests and benches all wire Kindred
 * with this one call.
 */
export function composeApp(config: KindredConfig, clients: AppClients, options: ComposeOptions = {}): App {
  const db = clients.dynamo;
  const table = config.tableName;
  const now = options.now ?? Date.now;
  const affinity = affinitySettings(config);
  const { halfLifeMs } = affinity;
  // One per process, shared by the lists that read it and the catalog writes that tell it of each change.
  const projection = new CatalogProjection();
  // Likewise the settings rows lists keep a second: this process's own writes of them show at once.
  const settings = new SettingsRows(Math.min(SETTINGS_ROWS_MAX_AGE_MS, config.rowCacheMs));
  const catalog = new DynamoCatalogStore(db, table, projection, () => settings.forget("newArrivals"));
  const format = config.documentFormat;
  const profiles = new DynamoProfileStore(db, table, format);
  const experiments = new DynamoExperimentStore(db, table, () => settings.forget("running"));
  const offers = new DynamoOfferStore(db, table);
  const publisher = new KinesisEventPublisher(clients.kinesis, config.streamName);
  const lists: ListDeps = {
    reads: new DynamoRecommendationReads(db, table, projection, {
      rows: new RowCache<Neighbourhood>(config.rowCacheMs),
      trends: new RowCache<TrendRow>(Math.min(TREND_ROWS_MAX_AGE_MS, config.rowCacheMs)),
      settings,
    }),
    experiments,
    strategy: config.strategy,
    halfLifeMs,
    now,
  };
  return {
    version: config.version,
    region: config.region,
    now,
    consumer: {
      profiles,
      catalog,
      quarantine: new DynamoQuarantineStore(db, table),
      seen: new DynamoSeenEventStore(db, table),
      neighbours: new DynamoNeighbourStore(db, table, format),
      trends: new DynamoTrendStore(db, table, format),
      experiments,
      offers,
      affinity,
      now,
    },
    lists,
    customerOffers: { offers, experiments, strategy: config.strategy, halfLifeMs, now },
    messages: { ...lists, offers, profiles },
    customers: { profiles, customerData: new DynamoCustomerDataStore(db, table), affinity, halfLifeMs, now },
    catalog,
    offersAdmin: { offers, cells: new DynamoOfferCellIndex(offers) },
    rulesAdmin: { rules: new DynamoRuleStore(db, table, () => settings.forget("rules")), now },
    experimentsAdmin: { experiments, now },
    publisher,
    streamRecords: config.streamRecords,
  };
}
