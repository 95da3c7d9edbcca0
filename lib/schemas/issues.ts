import type { z } from "zod";
import { type FieldIssue, InvalidInput } from "../errors.js";

/** Turns zod issues into field issues whose paths are relative to `prefix` (e.g. `events.3`). */
export function toFieldIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

/** Parses `value` with `schema` or throws InvalidInput naming each failing path. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: (string | number)[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInput(toFieldIssues(result.error, prefix));
  return result.data;
}
