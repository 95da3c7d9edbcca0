import { z } from "zod";
import { ENV } from "./env-names.js";

/** How visitor tokens are signed: with a KMS key in AWS, with the local HS256 secret in local mode. */
export type VisitorSigning = { kind: "kms"; keyId: string } | { kind: "local"; secret: string };

const schema = z
  .object({
    [ENV.visitorKeyId]: z.string().min(1).optional(),
    [ENV.localJwtSecret]: z.string().min(1).optional(),
  })
  .refine((env) => (env[ENV.visitorKeyId] === undefined) !== (env[ENV.localJwtSecret] === undefined), {
    message: `exactly one of ${ENV.visitorKeyId} (AWS) and ${ENV.localJwtSecret} (local mode) must be set`,
  });

/**
 * Reads how the visitor function signs, once, at start-up.
 * @throws Error naming the variable when neither or both are set.
 */
export function loadVisitorSigning(env: Record<string, string | undefined>): VisitorSigning {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "visitor tokens"}: ${i.message}`);
    throw new Error(`Invalid Kindred configuration: ${problems.join("; ")}`);
  }
  const keyId = parsed.data[ENV.visitorKeyId];
  const secret = parsed.data[ENV.localJwtSecret];
  return keyId ? { kind: "kms", keyId } : { kind: "local", secret: secret ?? "" };
}

/** New visitors one process may create over all callers (token bucket): per second, and at once. */
export interface VisitorLimit {
  perSecond: number;
  burst: number;
}

// Blank is unset, as a person editing an env file means it.
const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const limitSchema = z
  .object({
    [ENV.visitorRate]: z.preprocess(blankIsUnset, z.coerce.number().positive().max(10_000).optional()),
    [ENV.visitorBurst]: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(10_000).optional()),
  })
  .refine((env) => (env[ENV.visitorRate] === undefined) === (env[ENV.visitorBurst] === undefined), {
    message: `${ENV.visitorRate} and ${ENV.visitorBurst} must be set together`,
  });

/**
 * Reads the process-wide limit on new visitors, once, at start-up: set for the function-URL front door,
 * which has no route throttle in front of it; unset behind API Gateway.
 * @throws Error naming the variables when they are malformed or only one is set.
 */
export function loadVisitorLimit(env: Record<string, string | undefined>): VisitorLimit | undefined {
  const parsed = limitSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "visitor limit"}: ${i.message}`);
    throw new Error(`Invalid Kindred configuration: ${problems.join("; ")}`);
  }
  const perSecond = parsed.data[ENV.visitorRate];
  const burst = parsed.data[ENV.visitorBurst];
  return perSecond === undefined || burst === undefined ? undefined : { perSecond, burst };
}
