import { randomBytes } from "node:crypto";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { KMSClient } from "@aws-sdk/client-kms";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { kmsTokenSigner, visitorKeyKid } from "../lib/auth/kms-token-signer.js";
import { localTokenSigner } from "../lib/auth/local-token-signer.js";
import { TokenBucketThrottle } from "../lib/auth/source-throttle.js";
import { kmsVisitorProof, localVisitorProof } from "../lib/auth/visitor-proof.js";
import type { KindredConfig } from "../lib/config/config.js";
import type { VisitorSigning } from "../lib/config/visitor-config.js";
import { CatalogProjection } from "../lib/data/catalog-projection.js";
import { DynamoCatalogStore } from "../lib/data/catalog-store.js";
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
import { DynamoTrendStore } from "../lib/data/trend-store.js";
import { type AffinitySettings, DEFAULT_AFFINITY_LIMITS } from "../lib/domain/affinity.js";
import type { Neighbourhood } from "../lib/domain/co-occurrence.js";
import type { TrendRow } from "../lib/domain/trending.js";
import { KinesisEventPublisher } from "../lib/stream/event-publisher.js";
import type { ApplyBatchDeps } from "../lib/usecases/apply-event-batch.js";
import type { CreateVisitorDeps } from "../lib/usecases/create-visitor.js";
import type { CustomerOffersDeps } from "../lib/usecases/customer-offers.js";
import type { EraseDeps } from "../lib/usecases/erase-customer.js";
import type { ExperimentDeps } from "../lib/usecases/experiments.js";
import type { GetProfileDeps } from "../lib/usecases/get-profile.js";
import type { IngestDeps } from "../lib/usecases/ingest-events.js";
import type { ListDeps } from "../lib/usecases/list-deps.js";
import type { MergeDeps } from "../lib/usecases/merge-customers.js";
import type { CampaignDeps } from "../lib/usecases/next-messages.js";
import type { OfferAdminDeps } from "../lib/usecases/offers-admin.js";
import type { RuleDeps } from "../lib/usecases/rules-admin.js";
import type { PreferencesDeps } from "../lib/usecases/set-preferences.js";
import { visitorPublicKey } from "./auth/visitor-public-key.js";

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
 * case; nothing else constructs stores, caches or clocks.
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
  catalog: DynamoCatalogStore;
  offersAdmin: OfferAdminDeps;
  rulesAdmin: RuleDeps;
  experimentsAdmin: ExperimentDeps;
  /** Events accepted without a visitor proof (the demo loader); the events route uses `visitors`. */
  publisher: KinesisEventPublisher;
  /** `POST /v1/visitors`: built on demand, as only the function signing visitor tokens is configured to. */
  visitorTokens(signing: VisitorSigning): CreateVisitorDeps;
  /** `POST /v1/events`, whose identify events may carry a visitor token's proof; on demand likewise. */
  events(signing: VisitorSigning): IngestDeps;
}

/** How profiles learn and decay: the one place the configured half-life reaches the use cases from. */
export function affinitySettings(config: KindredConfig): AffinitySettings {
  return { halfLifeMs: config.affinityHalfLifeMs, ...DEFAULT_AFFINITY_LIMITS };
}

/**
 * The composition root: builds every store, cache and use case bundle from validated configuration and
 * the clients given. Pure apart from the clients it is handed (and the KMS client a `kms` signing makes),
 * so Lambda, local mode, tests and benches all wire Kindred the same way.
 */
export function composeApp(config: KindredConfig, clients: AppClients, options: ComposeOptions = {}): App {
  const db = clients.dynamo;
  const table = config.tableName;
  const now = options.now ?? Date.now;
  const affinity = affinitySettings(config);
  const { halfLifeMs } = affinity;
  // One per process, shared by the lists that read it and the catalog writes that tell it of each change.
  const projection = new CatalogProjection();
  const catalog = new DynamoCatalogStore(db, table, projection);
  const profiles = new DynamoProfileStore(db, table);
  const experiments = new DynamoExperimentStore(db, table);
  const offers = new DynamoOfferStore(db, table);
  const publisher = new KinesisEventPublisher(clients.kinesis, config.streamName);
  const lists: ListDeps = {
    reads: new DynamoRecommendationReads(db, table, projection, {
      rows: new RowCache<Neighbourhood>(config.rowCacheMs),
      trends: new RowCache<TrendRow>(Math.min(TREND_ROWS_MAX_AGE_MS, config.rowCacheMs)),
    }),
    experiments,
    strategy: config.strategy,
    halfLifeMs,
    now,
  };
  return {
    version: config.version,
    now,
    consumer: {
      profiles,
      catalog,
      quarantine: new DynamoQuarantineStore(db, table),
      seen: new DynamoSeenEventStore(db, table),
      neighbours: new DynamoNeighbourStore(db, table),
      trends: new DynamoTrendStore(db, table),
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
    rulesAdmin: { rules: new DynamoRuleStore(db, table), now },
    experimentsAdmin: { experiments, now },
    publisher,
    visitorTokens: (signing) => ({
      signer:
        signing.kind === "kms"
          ? kmsTokenSigner(new KMSClient({ region: config.region }), signing.keyId)
          : localTokenSigner(signing.secret),
      // Per source address: a burst of 20 new visitors, then one every 3 s. Generous enough for many
      // people behind one NAT; a page asks once per browser. In AWS this is per function instance, under
      // the route's own stage limit (infra/constructs/visitor-tokens.ts).
      throttle: new TokenBucketThrottle({ capacity: 20, refillPerSecond: 1 / 3, maxSources: 10_000 }),
      randomBytes: (size) => randomBytes(size),
      now,
    }),
    events: (signing) => ({
      publisher,
      visitorProof:
        signing.kind === "kms"
          ? kmsVisitorProof(visitorPublicKey(config.region, signing.keyId), visitorKeyKid(signing.keyId))
          : localVisitorProof(signing.secret),
      now,
    }),
  };
}
