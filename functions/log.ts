import { createHash } from "node:crypto";
import { LogFormatter, Logger, LogItem } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Structured JSON logs, written by Powertools for AWS Lambda's Logger. Callers pass only operational facts
 * (counts, kinds, ids of records), never personal data: no coordinates, tokens, queries or payloads.
 */
type Level = "info" | "warn" | "error";

/**
 * How a customer id appears in logs: a truncated SHA-256, enough to follow one customer through the logs of
 * an incident, not enough to read the id back.
 */
export const pseudonym = (customerId: string) =>
  `c_${createHash("sha256").update(customerId).digest("hex").slice(0, 16)}`;

/**
 * Counts as CloudWatch embedded metrics (namespace `Kindred`, no dimensions: the alarms in
 * infra/constructs/observability.ts watch them so), serialised by Powertools' Metrics: added to a log line,
 * CloudWatch turns them into metrics without another call. Counts only, never anything about a person.
 */
const emf = new Metrics({ namespace: "Kindred" });
emf.clearDefaultDimensions(); // not Powertools' `service` dimension: the alarms' metrics have none

export function metrics(counts: Record<string, number>): Record<string, unknown> {
  emf.clearMetrics();
  emf.clearDimensions();
  emf.addDimensions({}); // one empty dimension set, `Dimensions: [[]]`: the metric itself, undivided
  for (const [name, count] of Object.entries(counts)) emf.addMetric(name, MetricUnit.Count, count);
  const serialised = emf.serializeMetrics();
  emf.clearMetrics();
  emf.clearDimensions();
  return serialised;
}

/**
 * A line's fields: `level` (lower case), `message`, `time` (ISO 8601), then the caller's own, and nothing of
 * Powertools' standard keys (service, sampling rate, trace and function ids) that no caller asked for.
 */
class KindredLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel.toLowerCase(),
        message: attributes.message,
        time: attributes.timestamp.toISOString(),
      },
    }).addAttributes(additional);
  }
}

type LogWriter = (line: string, level: Level) => void;
const toConsole: LogWriter = (line, level) => (level === "error" ? console.error(line) : console.log(line));
let writer = toConsole;

/** Powertools' Logger, printing each line through {@link writeLogsTo}'s writer rather than its own console. */
class KindredLogger extends Logger {
  protected override printLog(_threshold: number, item: LogItem): void {
    item.prepareForPrint();
    const attributes = item.getAttributes();
    writer(JSON.stringify(attributes, this.getJsonReplacer()), attributes.level as Level);
  }
}

const logger = new KindredLogger({ logFormatter: new KindredLogFormatter() });

/**
 * Where log lines go: the console (Lambda's, and tests'), unless `npm start` sends them to a file so that
 * its terminal stays for people (infra/local/main.ts).
 */
export function writeLogsTo(next: LogWriter): void {
  writer = next;
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  logger[level](message, fields);
}
