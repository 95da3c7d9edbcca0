import { createHash } from "node:crypto";

/**
 * Structured JSON logs. Callers pass only operational facts (counts, kinds, ids of records), never personal
 * data: no coordinates, tokens, queries or payloads.
 */
type Level = "info" | "warn" | "error";

/**
 * How a customer id appears in logs: a truncated SHA-256, enough to follow one customer through the logs of
 * an incident, not enough to read the id back.
 */
export const pseudonym = (customerId: string) =>
  `c_${createHash("sha256").update(customerId).digest("hex").slice(0, 16)}`;

/**
 * Counts as CloudWatch embedded metrics (namespace `Kindred`): added to a log line, CloudWatch turns them
 * into metrics without another call. Counts only, never anything about a person.
 */
export function metrics(counts: Record<string, number>): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: "Kindred",
          Dimensions: [[]],
          Metrics: Object.keys(counts).map((Name) => ({ Name, Unit: "Count" })),
        },
      ],
    },
    ...counts,
  };
}

type LogWriter = (line: string, level: Level) => void;
const toConsole: LogWriter = (line, level) => (level === "error" ? console.error(line) : console.log(line));
let writer = toConsole;

/**
 * Where log lines go: the console (Lambda's, and tests'), unless `npm start` sends them to a file so that
 * its terminal stays for people (infra/local/main.ts).
 */
export function writeLogsTo(next: LogWriter): void {
  writer = next;
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  writer(JSON.stringify({ level, message, time: new Date().toISOString(), ...fields }), level);
}
