import { z } from "zod";
import type { KindredProps } from "./constructs/kindred.js";

/**
 * The CDK context values `cdk deploy` reads (docs/deploy.md, "Context values"). Every value may come from
 * cdk.json or `-c key=value`, so lists are comma-separated strings and numbers may arrive as text.
 */
export const CONTEXT_KEYS = {
  jwtIssuer: "kindred:jwtIssuer",
  jwtAudience: "kindred:jwtAudience",
  corsOrigins: "kindred:corsOrigins",
  domainPrefix: "kindred:domainPrefix",
  callbackUrls: "kindred:callbackUrls",
  logoutUrls: "kindred:logoutUrls",
  streamShards: "kindred:streamShards",
  enhancedFanOut: "kindred:enhancedFanOut",
  consumerBatchSize: "kindred:consumerBatchSize",
  batchingWindowSeconds: "kindred:batchingWindowSeconds",
  documentFormat: "kindred:documentFormat",
  streamRecords: "kindred:streamRecords",
  frontDoor: "kindred:frontDoor",
  frontDoorConcurrency: "kindred:frontDoorConcurrency",
} as const;

/**
 * A whole number in [min, max], from JSON or from the command line's text (digits only: no "0x10", no true);
 * `range` says what the bounds mean.
 */
const wholeNumber = (what: string, [min, max]: [number, number], range: { min: string; max: string }) => {
  const message = `must be a whole number of ${what}`;
  return z
    .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], { message })
    .pipe(z.number().int({ message }).min(min, { message: range.min }).max(max, { message: range.max }));
};

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== ""));
const urls = list.pipe(
  z.array(z.url({ message: "each entry must be a URL, e.g. https://shop.example.com" })),
);

const contextSchema = z
  .object({
    [CONTEXT_KEYS.jwtIssuer]: z
      .url({ message: "must be the issuer's URL, e.g. https://cognito-idp.<region>.amazonaws.com/<pool-id>" })
      .optional(),
    [CONTEXT_KEYS.jwtAudience]: list.optional(),
    [CONTEXT_KEYS.corsOrigins]: urls.optional(),
    [CONTEXT_KEYS.domainPrefix]: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
        message: "must be lowercase letters, digits and inner hyphens, at most 63 characters",
      })
      .refine((p) => !/aws|amazon|cognito/.test(p), {
        message: 'may not contain "aws", "amazon" or "cognito" (Cognito refuses them)',
      })
      .optional(),
    [CONTEXT_KEYS.callbackUrls]: urls.optional(),
    [CONTEXT_KEYS.logoutUrls]: urls.optional(),
    [CONTEXT_KEYS.streamShards]: wholeNumber("shards", [1, 500], {
      min: "must be 1 or more (leave it out for an on-demand stream)",
      max: "must be at most 500 (more needs a Kinesis quota increase)",
    }).optional(),
    [CONTEXT_KEYS.enhancedFanOut]: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], {
        message: 'must be true or false ("true" for sub-second freshness at a per-shard-hour cost)',
      })
      .optional(),
    [CONTEXT_KEYS.consumerBatchSize]: wholeNumber("records", [1, 10_000], {
      min: "must be 1 or more",
      max: "must be at most 10,000 (Lambda's limit for Kinesis)",
    }).optional(),
    [CONTEXT_KEYS.batchingWindowSeconds]: wholeNumber("seconds", [0, 300], {
      min: "must be 0 or more (0: no window)",
      max: "must be at most 300 (Lambda's limit)",
    }).optional(),
    [CONTEXT_KEYS.documentFormat]: z
      .enum(["json", "deflate"], {
        message:
          'must be "json" or "deflate" (json is the default; deflate once every function runs 0.2.0 or later)',
      })
      .optional(),
    [CONTEXT_KEYS.streamRecords]: z
      .enum(["event", "customer"], {
        message:
          'must be "event" (one stream record per event) or "customer" (one per customer and request; once every function runs 0.2.0 or later)',
      })
      .optional(),
    [CONTEXT_KEYS.frontDoor]: z
      .enum(["http-api", "function-url"], {
        message:
          'must be "http-api" (API Gateway, the default) or "function-url" (one function behind a Lambda function URL: no per-request gateway charge, no stage throttle)',
      })
      .optional(),
    [CONTEXT_KEYS.frontDoorConcurrency]: wholeNumber("concurrent executions", [1, 10_000], {
      min: "must be 1 or more",
      max: "must be at most 10,000",
    }).optional(),
  })
  .refine((c) => !c[CONTEXT_KEYS.jwtIssuer] || (c[CONTEXT_KEYS.jwtAudience]?.length ?? 0) > 0, {
    path: [CONTEXT_KEYS.jwtAudience],
    message: "is required with kindred:jwtIssuer: the accepted audiences (for Cognito, the app client ids)",
  })
  .refine(
    (c) => c[CONTEXT_KEYS.frontDoorConcurrency] === undefined || c[CONTEXT_KEYS.frontDoor] === "function-url",
    {
      path: [CONTEXT_KEYS.frontDoorConcurrency],
      message: "applies only with kindred:frontDoor=function-url (the HTTP API is throttled by its stage)",
    },
  );

/**
 * Reads Kindred's context values once and turns them into the construct's props. Every problem is
 * reported at once, by key, with what a valid value looks like.
 */
export function kindredPropsFromContext(get: (key: string) => unknown): KindredProps {
  const raw = Object.fromEntries(Object.values(CONTEXT_KEYS).map((key) => [key, blankToUndefined(get(key))]));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`).join("\n");
    throw new Error(`Kindred's CDK context is not valid (cdk.json or -c key=value):\n${problems}`);
  }
  const c = parsed.data;
  const issuer = c[CONTEXT_KEYS.jwtIssuer];
  const shards = c[CONTEXT_KEYS.streamShards];
  return {
    ...(issuer ? { jwtIssuer: issuer, jwtAudience: c[CONTEXT_KEYS.jwtAudience] } : {}),
    identity: {
      ...defined("domainPrefix", c[CONTEXT_KEYS.domainPrefix]),
      ...defined("callbackUrls", c[CONTEXT_KEYS.callbackUrls]),
      ...defined("logoutUrls", c[CONTEXT_KEYS.logoutUrls]),
    },
    corsOrigins: c[CONTEXT_KEYS.corsOrigins] ?? [],
    stream: shards ? { mode: "provisioned", shards } : { mode: "on-demand" },
    enhancedFanOut: c[CONTEXT_KEYS.enhancedFanOut] ?? false,
    ...defined("documentFormat", c[CONTEXT_KEYS.documentFormat]),
    ...defined("streamRecords", c[CONTEXT_KEYS.streamRecords]),
    consumer: {
      ...defined("batchSize", c[CONTEXT_KEYS.consumerBatchSize]),
      ...defined("maxBatchingWindowSeconds", c[CONTEXT_KEYS.batchingWindowSeconds]),
    },
    ...defined("frontDoor", c[CONTEXT_KEYS.frontDoor]),
    ...defined("frontDoorConcurrency", c[CONTEXT_KEYS.frontDoorConcurrency]),
  };
}

// An empty string on the command line (`-c kindred:jwtIssuer=`) means "not set", as leaving it out does.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const defined = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
