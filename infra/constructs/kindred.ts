import { RemovalPolicy } from "aws-cdk-lib";
import type { IAlarmAction } from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV } from "../../lib/config/env-names.js";
import { type StrategyInput, strategySchema } from "../../lib/schemas/strategy.js";
import {
  checkedCacheSeconds,
  checkedConcurrency,
  checkedConsumerSettings,
  checkedDocumentFormat,
  checkedFrontDoorSettings,
  checkedStreamRecords,
  checkedVisitorLimit,
  type FrontDoorKind,
} from "./checked-props.js";
import { EventStream, type StreamCapacity } from "./event-stream.js";
import type { FrontDoorProps } from "./front-door-props.js";
import { FunctionUrlFrontDoor } from "./function-url-front-door.js";
import { KindredHttpApi } from "./http-api.js";
import { KindredIdentity, type KindredIdentityProps } from "./identity.js";
import { KindredTable } from "./kindred-table.js";
import { type FrontDoorMetrics, Observability } from "./observability.js";
import { type ConsumerSettings, DEFAULT_CONSUMER_SETTINGS, StreamConsumer } from "./stream-consumer.js";

export interface KindredProps {
  /**
   * Issuer whose JWTs API Gateway accepts, e.g. your Cognito user pool's URL. Without one, Kindred creates
   * a user pool with the `customer`, `ingest` and `admin` scopes (see KindredIdentity).
   */
  jwtIssuer?: string;
  /** Accepted `aud` values (for Cognito: app client ids); required with `jwtIssuer`. */
  jwtAudience?: string[];
  /**
   * The created user pool's domain prefix and the shoppers' app client's callback and sign-out URLs
   * (ignored with `jwtIssuer`; defaults in KindredIdentity).
   */
  identity?: Omit<KindredIdentityProps, "removalPolicy">;
  /** The event stream's capacity: on-demand (default) or provisioned with a number of shards. */
  stream?: StreamCapacity;
  /** Half-life of affinity decay in days (default 30). */
  affinityHalfLifeDays?: number;
  /**
   * How long a list function may use an item's also-viewed or bought-together row it read, for its
   * occurrence count, in seconds (default 10, 0–300; 0: no cache, and no trending-row cache either, which is
   * otherwise at most a second). Catalog changes do not wait for it: they show within about a second.
   */
  rowCacheSeconds?: number;
  /**
   * How lists rank when no experiment says otherwise: blend weights, diversity, rotation (defaults in
   * lib/schemas/strategy.ts). Validated at synth time.
   */
  strategy?: StrategyInput;
  /**
   * How profiles, trend rows and neighbour rows are written (default "json"): "deflate" compresses them
   * (about 40% fewer of the consumer's write units; docs/benchmarks.md). Every release from 0.2.0 reads both:
   * switch to "deflate" once every function of the stack runs one (docs/deploy.md, "Upgrades and rollbacks").
   */
  documentFormat?: "json" | "deflate";
  /**
   * What the ingest function writes to the stream (default "event"): one record per event, or "customer": one
   * record per customer and request (on-demand streams bill each record as at least 1 KB: about a quarter of
   * the records at ~4.6 events per request; docs/benchmarks.md). Every release from 0.2.0 reads both: switch
   * to "customer" once every function of the stack runs one (a rollback past it could not read them).
   */
  streamRecords?: "event" | "customer";
  /** Event source mapping settings of the stream consumer. */
  consumer?: Partial<ConsumerSettings>;
  /**
   * Feed the consumer through an enhanced fan-out consumer (Kinesis pushes records, ~70 ms) instead of
   * Lambda polling each shard about once a second (default false); costs per consumer-shard hour and GB.
   */
  enhancedFanOut?: boolean;
  /** CloudWatch log retention of every function (default one month). */
  logRetention?: RetentionDays;
  /** What happens to the table, stream and key when the stack is deleted (default RETAIN). */
  removalPolicy?: RemovalPolicy;
  /** Stage-wide API throttling: requests per second and burst (default 1,000 / 2,000); more get a 429. */
  throttle?: { rateLimit?: number; burstLimit?: number };
  /**
   * `POST /v1/visitors` over all callers: requests per second and burst (default 50 / 100); each source
   * address is also limited by the function (a burst of 20, then one every 3 s per function instance).
   */
  visitorThrottle?: { rateLimit?: number; burstLimit?: number };
  /**
   * With `frontDoor: "function-url"`, in place of `visitorThrottle`: new visitors each front door instance may
   * create over all callers, per second and at once (default 2 / 5). Each is a KMS signing request: in all, at
   * most `burst` + `perSecond` × t in t seconds per instance, times up to `frontDoorConcurrency` instances.
   */
  frontDoorVisitorLimit?: { perSecond?: number; burst?: number };
  /**
   * What answers the API (default `http-api`): API Gateway's HTTP API with one function per route, or
   * `function-url`: one front door function behind a Lambda function URL, with no per-request gateway
   * charge — and no stage or per-route throttle, and no rejection of unauthenticated calls before a
   * function runs (docs/deploy.md, "A cheaper front door: function URL").
   */
  frontDoor?: FrontDoorKind;
  /**
   * With `frontDoor: "function-url"`: the front door's reserved concurrency, its ceiling in place of the
   * stage throttle (default 100, 1–10,000; the account must keep 100 unreserved).
   */
  frontDoorConcurrency?: number;
  /** Browser origins allowed to call the API, e.g. `["https://shop.example.com"]` (default: none). */
  corsOrigins?: string[];
  /** Where the alarms go (e.g. `new SnsAction(topic)`); default none: alarms show in the console. */
  alarmActions?: IAlarmAction[];
  /** Reported by GET /v1/health. */
  version?: string;
}

export type { FrontDoorKind };

/**
 * All of Kindred, for embedding in any CDK app: stream, table, consumer and the API's front door (the HTTP
 * API, or with `frontDoor: "function-url"` one function behind a function URL).
 */
export class Kindred extends Construct {
  readonly table: KindredTable;
  readonly events: EventStream;
  readonly consumer: StreamConsumer;
  /** The HTTP API, unless `frontDoor` is `function-url`. */
  readonly httpApi: KindredHttpApi | undefined;
  /** The function-URL front door, when `frontDoor` is `function-url`. */
  readonly functionUrl: FunctionUrlFrontDoor | undefined;
  /** The API's base URL (`https://<host>`, no trailing slash), whichever front door serves it. */
  readonly apiUrl: string;
  readonly observability: Observability;
  /** The issuer API Gateway and the token authorizer trust: the deployer's or the created pool's. */
  readonly jwtIssuer: string;
  /** The user pool created when no `jwtIssuer` is given. */
  readonly identity: KindredIdentity | undefined;

  constructor(scope: Construct, id: string, props: KindredProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    this.table = new KindredTable(this, "Data", { removalPolicy });
    this.events = new EventStream(this, "Events", {
      removalPolicy,
      capacity: props.stream ?? { mode: "on-demand" },
    });
    const consumerSettings = checkedConsumerSettings({ ...DEFAULT_CONSUMER_SETTINGS, ...props.consumer });
    const environment = {
      [ENV.tableName]: this.table.table.tableName,
      [ENV.streamName]: this.events.stream.streamName,
      [ENV.affinityHalfLifeDays]: String(props.affinityHalfLifeDays ?? 30),
      ...(props.rowCacheSeconds === undefined
        ? {}
        : { [ENV.rowCacheSeconds]: String(checkedCacheSeconds(props.rowCacheSeconds)) }),
      ...(props.version ? { [ENV.version]: props.version } : {}),
      ...(props.documentFormat ? { [ENV.documentFormat]: checkedDocumentFormat(props.documentFormat) } : {}),
      ...(props.streamRecords ? { [ENV.streamRecords]: checkedStreamRecords(props.streamRecords) } : {}),
      ...(props.strategy ? { [ENV.strategy]: JSON.stringify(strategySchema.parse(props.strategy)) } : {}),
    };
    this.consumer = new StreamConsumer(this, "Consumer", {
      stream: this.events.stream,
      table: this.table.table,
      environment,
      settings: consumerSettings,
      enhancedFanOut: props.enhancedFanOut ?? false,
      logRetention,
    });
    // Without an issuer of the deployer's own, a Cognito user pool with Kindred's scopes issues the tokens.
    this.identity = props.jwtIssuer
      ? undefined
      : new KindredIdentity(this, "Identity", { ...props.identity, removalPolicy });
    const issuer = props.jwtIssuer ?? this.identity?.userPool.userPoolProviderUrl ?? "";
    this.jwtIssuer = issuer;
    const audience = props.jwtAudience ?? this.identity?.clientIds ?? [];
    if (props.jwtIssuer && audience.length === 0) {
      throw new Error("Kindred: jwtAudience must name at least one audience when jwtIssuer is given.");
    }
    const corsOrigins = props.corsOrigins ?? [];
    const frontDoor = props.frontDoor ?? "http-api";
    checkedFrontDoorSettings(frontDoor, props);
    let front: FrontDoorMetrics;
    let apiFunctions: Record<string, IFunction>;
    // What either front door needs; both under the same construct id, so the visitor key keeps its place when
    // the front door changes.
    const doorProps: FrontDoorProps = {
      table: this.table.table,
      stream: this.events.stream,
      environment,
      jwtIssuer: issuer,
      jwtAudience: audience,
      logRetention,
      corsOrigins,
      removalPolicy,
    };
    if (frontDoor === "function-url") {
      const door = new FunctionUrlFrontDoor(this, "Http", {
        ...doorProps,
        reservedConcurrency: checkedConcurrency(props.frontDoorConcurrency ?? 100),
        visitorLimit: checkedVisitorLimit({
          perSecond: props.frontDoorVisitorLimit?.perSecond ?? 2,
          burst: props.frontDoorVisitorLimit?.burst ?? 5,
        }),
      });
      this.httpApi = undefined;
      this.functionUrl = door;
      this.apiUrl = door.baseUrl;
      front = { functionUrl: door.function };
      apiFunctions = door.functions;
    } else {
      const api = new KindredHttpApi(this, "Http", {
        ...doorProps,
        throttle: { rateLimit: 1000, burstLimit: 2000, ...props.throttle },
        visitorThrottle: { rateLimit: 50, burstLimit: 100, ...props.visitorThrottle },
      });
      this.httpApi = api;
      this.functionUrl = undefined;
      this.apiUrl = api.api.apiEndpoint;
      front = { api: api.api };
      apiFunctions = api.functions;
    }
    this.observability = new Observability(this, "Observability", {
      consumer: this.consumer.function,
      onFailureQueue: this.consumer.onFailureQueue,
      apiFunctions,
      front,
      table: this.table.table,
      stream: this.events.stream,
      alarmActions: props.alarmActions ?? [],
    });
  }
}
