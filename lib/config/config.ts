import { z } from "zod";
import type { Strategy } from "../schemas/strategy.js";
import { strategySchema } from "../schemas/strategy.js";
import { ENV } from "./env-names.js";

const configSchema = z.object({
  [ENV.tableName]: z.string().min(3),
  [ENV.streamName]: z.string().min(1),
  [ENV.dynamoEndpoint]: z.url().optional(),
  [ENV.kinesisEndpoint]: z.url().optional(),
  [ENV.region]: z.string().min(1).default("us-east-1"),
  [ENV.affinityHalfLifeDays]: z.coerce.number().positive().max(3650).default(30),
  [ENV.strategy]: z
    .string()
    .default("{}")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(strategySchema),
  [ENV.version]: z.string().min(1).default("0.2.0"),
  // Blank is unset (the default), as a person editing an env file means it; only decimal seconds count.
  [ENV.rowCacheSeconds]: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? "10" : v))
    .pipe(z.string().regex(/^\d+(\.\d+)?$/, "must be a number of seconds, 0–300"))
    .transform(Number)
    .pipe(z.number().max(300, "must be at most 300 seconds")),
  [ENV.documentFormat]: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? "json" : v))
    .pipe(z.enum(["json", "deflate"], { message: 'must be "json" or "deflate"' })),
  [ENV.streamRecords]: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? "event" : v))
    .pipe(
      z.enum(["event", "customer"], {
        message: 'must be "event" (one stream record per event) or "customer" (one per customer and request)',
      }),
    ),
});

export interface KindredConfig {
  tableName: string;
  streamName: string;
  region: string;
  /** Set only in local mode, where the stores are embedded. */
  endpoints: { dynamodb?: string; kinesis?: string };
  affinityHalfLifeMs: number;
  strategy: Strategy;
  version: string;
  /** How long lists may use a catalog entry they read, in ms: every catalog change shows within it. */
  rowCacheMs: number;
  /**
   * How stored documents are written (default `json`); both read. `deflate` only once every function of the
   * deployment runs 0.2.0 or later (lib/data/rows/packed-document.ts).
   */
  documentFormat: "json" | "deflate";
  /**
   * What ingest writes to the stream (default `event`); every release from 0.2.0 reads both. `customer` only
   * once every function of the deployment runs 0.2.0 or later (lib/stream/event-record.ts).
   */
  streamRecords: "event" | "customer";
}

/** Reads and validates configuration once; a missing or malformed setting stops the process at start-up. */
export function loadConfig(env: Record<string, string | undefined>): KindredConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Kindred configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    tableName: c[ENV.tableName],
    streamName: c[ENV.streamName],
    region: c[ENV.region],
    endpoints: { dynamodb: c[ENV.dynamoEndpoint], kinesis: c[ENV.kinesisEndpoint] },
    affinityHalfLifeMs: c[ENV.affinityHalfLifeDays] * 86_400_000,
    strategy: c[ENV.strategy],
    version: c[ENV.version],
    rowCacheMs: c[ENV.rowCacheSeconds] * 1000,
    documentFormat: c[ENV.documentFormat],
    streamRecords: c[ENV.streamRecords],
  };
}
