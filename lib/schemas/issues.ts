import type { z } from "zod";
import { type FieldIssue, InvalidInput } from "../errors.js";

const pathOf = (parts: readonly PropertyKey[]) => parts.map(String).join(".") || "(body)";

/**
 * Turns zod issues into field issues whose paths are relative to `prefix` (e.g. `events.3`). A field the
 * schema does not know is named by its own path, so the client sees exactly which one to drop.
 */
export function toFieldIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: pathOf([...prefix, ...issue.path, key]),
          message: "is not a known field",
        }))
      : [{ path: pathOf([...prefix, ...issue.path]), message: issue.message }],
  );
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
