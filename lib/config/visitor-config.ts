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
