import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ROUTES } from "../../functions/http/routes.js";
import type { FrontDoorProps } from "./front-door-props.js";
import { KindredFunction } from "./kindred-function.js";
import { grantRouteAccess } from "./route-grants.js";
import { VisitorTokens } from "./visitor-tokens.js";

export interface HttpApiProps extends FrontDoorProps {
  /** Stage-wide request rate (per second) and burst, past which API Gateway answers 429. */
  throttle: { rateLimit: number; burstLimit: number };
  /** Rate and burst of `POST /v1/visitors` over all callers (each address is limited in the function too). */
  visitorThrottle: { rateLimit: number; burstLimit: number };
}

const idOf = (handler: string) => handler.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * The public HTTP API: one function per route from the shared route list, each granted only what its
 * route needs. Every route but health and the API description sits behind the JWT authorizer.
 */
export class KindredHttpApi extends Construct {
  readonly api: HttpApi;
  readonly functions: Record<string, KindredFunction> = {};
  readonly visitorTokens: VisitorTokens;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer("Jwt", props.jwtIssuer, { jwtAudience: props.jwtAudience });
    this.visitorTokens = new VisitorTokens(this, "VisitorTokens", {
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const { authorizer: visitorAuthorizer, authorizerFunction } = this.visitorTokens;
    if (!visitorAuthorizer || !authorizerFunction)
      throw new Error("The HTTP API needs the token authorizer.");
    const authorizers = { jwt: authorizer, "jwt-or-visitor": visitorAuthorizer } as const;
    this.api = new HttpApi(this, "Api", {
      description: "Kindred recommendations API",
      createDefaultStage: true,
      ...(props.corsOrigins.length
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowHeaders: ["authorization", "content-type", "x-request-id"],
              exposeHeaders: ["x-request-id", "retry-after"],
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.DELETE,
              ],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    // Access logs with what operations need and nothing personal: no source IP, user agent or path values.
    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: "$context.requestId",
        routeKey: "$context.routeKey",
        status: "$context.status",
        latencyMs: "$context.responseLatency",
        integrationLatencyMs: "$context.integrationLatency",
        error: "$context.error.messageString",
      }),
    };
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.throttle.rateLimit,
      throttlingBurstLimit: props.throttle.burstLimit,
    };
    // New visitors need no token, so their route has a ceiling of its own below the stage's.
    stage.routeSettings = {
      "POST /v1/visitors": {
        ThrottlingRateLimit: props.visitorThrottle.rateLimit,
        ThrottlingBurstLimit: props.visitorThrottle.burstLimit,
      },
    };

    for (const route of ROUTES) {
      const fn = new KindredFunction(this, idOf(route.handler), {
        entry: `functions/http/${route.handler}.ts`,
        description: `${route.method} ${route.path}`,
        environment: props.environment,
        logRetention: props.logRetention,
      });
      grantRouteAccess(fn, [route.access], {
        table: props.table,
        stream: props.stream,
        visitorTokens: this.visitorTokens,
      });
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${idOf(route.handler)}Integration`, fn),
        ...(route.auth !== "public" ? { authorizer: authorizers[route.auth] } : {}),
      });
      if (route.auth === "public") {
        Validations.of(this.api).acknowledge({
          id: "AwsSolutions::AwsSolutions-APIG4",
          reason:
            "GET /v1/health, GET /v1/openapi.json and POST /v1/visitors (throttled per route and per address) are public by contract; every other route has an authorizer.",
        });
      }
      this.functions[route.handler] = fn;
    }
    // Watched like the route functions: a failing authorizer fails every customer request.
    this.functions["authorize-token"] = authorizerFunction;
  }
}
