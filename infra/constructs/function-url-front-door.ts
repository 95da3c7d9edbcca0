import { Duration, Fn } from "aws-cdk-lib";
import { type FunctionUrl, FunctionUrlAuthType, HttpMethod, InvokeMode } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { ROUTES } from "../../functions/http/routes.js";
import { ENV } from "../../lib/config/env-names.js";
import type { FrontDoorProps } from "./front-door-props.js";
import { KindredFunction } from "./kindred-function.js";
import { grantRouteAccess } from "./route-grants.js";
import { VisitorTokens } from "./visitor-tokens.js";

export interface FunctionUrlFrontDoorProps extends FrontDoorProps {
  /** The front door's reserved concurrency: its ceiling, in place of API Gateway's stage throttle. */
  reservedConcurrency: number;
  /** New visitors one instance may create over all callers, in place of the route throttle. */
  visitorLimit: { perSecond: number; burst: number };
}

/** The front door's memory, which the cost report reads back from the template. */
const FRONT_DOOR_MEMORY_MB = 512;

/**
 * The function-URL front door (`frontDoor: "function-url"`): instead of an HTTP API with one function per
 * route, one function (functions/http/front-door.ts) that routes, checks tokens and invokes every route's
 * handler, behind a Lambda function URL — no per-request API Gateway charge. The URL's auth type is NONE
 * because the function verifies tokens itself, as API Gateway's authorizers would; it holds the union of
 * every route's grants, and its reserved concurrency stands in for the stage throttle.
 */
export class FunctionUrlFrontDoor extends Construct {
  readonly function: KindredFunction;
  readonly url: FunctionUrl;
  /** The base URL as the HTTP API gives it: `https://<host>`, no trailing slash. */
  readonly baseUrl: string;
  /** The functions serving the API, by name (watched like the route functions: errors, throttles). */
  readonly functions: Record<string, KindredFunction>;
  readonly visitorTokens: VisitorTokens;

  constructor(scope: Construct, id: string, props: FunctionUrlFrontDoorProps) {
    super(scope, id);
    // Same id as in the HTTP API: switching front doors keeps the signing key, and the visitors' tokens.
    this.visitorTokens = new VisitorTokens(this, "VisitorTokens", {
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      authorizer: false,
    });
    this.function = new KindredFunction(this, "FrontDoor", {
      entry: "functions/http/front-door.ts",
      description: "Kindred front door: every API route, behind a function URL",
      memorySize: FRONT_DOOR_MEMORY_MB,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        ...props.environment,
        [ENV.jwtIssuer]: props.jwtIssuer,
        [ENV.jwtAudience]: props.jwtAudience.join(","),
        [ENV.visitorRate]: String(props.visitorLimit.perSecond),
        [ENV.visitorBurst]: String(props.visitorLimit.burst),
      },
      logRetention: props.logRetention,
    });
    grantRouteAccess(
      this.function,
      ROUTES.map((r) => r.access),
      { table: props.table, stream: props.stream, visitorTokens: this.visitorTokens },
    );
    this.url = this.function.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.BUFFERED,
      ...(props.corsOrigins.length
        ? {
            cors: {
              allowedOrigins: props.corsOrigins,
              allowedHeaders: ["authorization", "content-type", "x-request-id"],
              exposedHeaders: ["x-request-id", "retry-after"],
              allowedMethods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    this.baseUrl = Fn.join("", ["https://", Fn.select(2, Fn.split("/", this.url.url))]);
    this.functions = { "front-door": this.function };
  }
}
