import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarmAction,
  Metric,
  type MetricOptions,
  TextWidget,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { Stream } from "aws-cdk-lib/aws-kinesis";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** What answers the API: the HTTP API, or the function-URL front door's function (its URL's metrics). */
export type FrontDoorMetrics = { api: HttpApi } | { functionUrl: IFunction };

export interface ObservabilityProps {
  consumer: IFunction;
  onFailureQueue: Queue;
  /** Every function serving the API (the route functions and the authorizer, or the front door). */
  apiFunctions: Record<string, IFunction>;
  front: FrontDoorMetrics;
  table: ITableV2;
  stream: Stream;
  /** Where alarms go (an SNS topic action, say); without one they are visible in the console only. */
  alarmActions: IAlarmAction[];
}

/**
 * The alarms an operator needs (each explained in docs/operations.md) and one dashboard. All on AWS's own
 * metrics plus the consumer's embedded metrics: nothing personal is in any of them.
 */
export class Observability extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const alarm = (
      name: string,
      metric: Metric,
      threshold: number,
      description: string,
      /** The section of docs/operations.md that says what it means and what to do. */
      section: string,
      periods = 1,
    ) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description} See docs/operations.md#${section}.`,
      });
      for (const action of props.alarmActions) a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };
    const minutes = (n: number) => Duration.minutes(n);

    const iteratorAge = props.consumer.metric("IteratorAge", { statistic: "Maximum", period: minutes(1) });
    alarm(
      "ConsumerBehind",
      iteratorAge,
      60_000,
      "The stream consumer is more than a minute behind.",
      "consumer-behind",
      5,
    );
    const failed = props.onFailureQueue.metricApproximateNumberOfMessagesVisible({ period: minutes(1) });
    alarm(
      "RecordsGivenUp",
      failed,
      0,
      "Stream records were given up after retries and wait in the on-failure queue.",
      "records-given-up",
    );
    alarm(
      "ConsumerErrors",
      props.consumer.metricErrors({ period: minutes(5) }),
      0,
      "The stream consumer failed.",
      "consumer-failures",
    );
    alarm(
      "ConsumerThrottles",
      props.consumer.metricThrottles({ period: minutes(5) }),
      0,
      "The stream consumer was throttled.",
      "consumer-failures",
    );
    for (const [name, fn] of Object.entries(props.apiFunctions)) {
      const id = name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
      alarm(
        `${id}Errors`,
        fn.metricErrors({ period: minutes(5) }),
        0,
        `The ${name} function failed.`,
        "api-function-failures",
      );
      alarm(
        `${id}Throttles`,
        fn.metricThrottles({ period: minutes(5) }),
        0,
        `The ${name} function was throttled.`,
        "api-function-failures",
      );
    }
    const throttled = (metricName: string) =>
      new Metric({
        namespace: "AWS/DynamoDB",
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        statistic: "Sum",
        period: minutes(5),
      });
    alarm(
      "TableReadThrottles",
      throttled("ReadThrottleEvents"),
      0,
      "DynamoDB throttled reads.",
      "table-throttles",
    );
    alarm(
      "TableWriteThrottles",
      throttled("WriteThrottleEvents"),
      0,
      "DynamoDB throttled writes.",
      "table-throttles",
    );
    const kindredMetric = (metricName: string, period: Duration) =>
      new Metric({ namespace: "Kindred", metricName, statistic: "Sum", period });
    alarm(
      "ConsumerFailingPersistently",
      kindredMetric("BatchFailures", minutes(5)),
      0,
      "Stream batches kept failing for 15 minutes (the log line 'batch applied' names each failure's stage and error).",
      "consumer-failing",
      3,
    );
    alarm(
      "AggregateUpdatesDropped",
      kindredMetric("AggregateUpdatesDropped", minutes(5)),
      0,
      "Increments of also-viewed, bought-together or trending rows were dropped after every retry.",
      "aggregate-updates-dropped",
    );
    const api = apiMetrics(props.front);
    const serverErrors = api.serverErrors({ period: minutes(5), statistic: "Sum" });
    alarm("Api5xx", serverErrors, 5, "The API answered 5xx more than 5 times in 5 minutes.", "api-5xx");

    const consumerMetric = (metricName: string) => kindredMetric(metricName, minutes(1));
    this.dashboard = new Dashboard(this, "Dashboard", {
      widgets: [
        [
          new TextWidget({
            markdown: "# Kindred\nAlarms and what to do: docs/operations.md",
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title:
              "Stream records in (one per event, or per customer and request), events applied, records quarantined",
            left: [
              props.stream.metricIncomingRecords({ period: minutes(1), statistic: "Sum" }),
              consumerMetric("EventsApplied"),
              consumerMetric("RecordsQuarantined"),
              consumerMetric("AggregateUpdatesDropped"),
            ],
            width: 12,
          }),
          new GraphWidget({ title: "Consumer iterator age (ms)", left: [iteratorAge], width: 12 }),
        ],
        [
          new GraphWidget({
            title: "API requests and errors",
            left: [api.count({ period: minutes(1) }), api.clientErrors({ period: minutes(1) }), serverErrors],
            width: 12,
          }),
          new GraphWidget({
            title: "API latency (ms)",
            left: [api.latency({ period: minutes(1), statistic: "p99" })],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: "DynamoDB throttles",
            left: [throttled("ReadThrottleEvents"), throttled("WriteThrottleEvents")],
            width: 12,
          }),
          new GraphWidget({ title: "Records given up (on-failure queue)", left: [failed], width: 12 }),
        ],
      ],
    });
  }
}

/**
 * The API's requests, 4xx, 5xx and latency: API Gateway's metrics, or the function URL's (AWS/Lambda
 * `UrlRequestCount`, `Url4xxCount`, `Url5xxCount`, `UrlRequestLatency`, by function name).
 */
function apiMetrics(front: FrontDoorMetrics) {
  if ("api" in front) {
    const { api } = front;
    return {
      count: (o: MetricOptions) => api.metricCount(o),
      clientErrors: (o: MetricOptions) => api.metricClientError(o),
      serverErrors: (o: MetricOptions) => api.metricServerError(o),
      latency: (o: MetricOptions) => api.metricLatency(o),
    };
  }
  const fn = front.functionUrl;
  const url = (metricName: string, statistic: string) => (o: MetricOptions) =>
    new Metric({
      namespace: "AWS/Lambda",
      metricName,
      dimensionsMap: { FunctionName: fn.functionName },
      statistic,
      ...o,
    });
  return {
    count: url("UrlRequestCount", "Sum"),
    clientErrors: url("Url4xxCount", "Sum"),
    serverErrors: url("Url5xxCount", "Sum"),
    latency: url("UrlRequestLatency", "Average"),
  };
}
