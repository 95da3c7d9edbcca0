import { afterAll, beforeAll, expect, vi } from "vitest";

/** What must never appear in a log line, whatever the test did. */
const FORBIDDEN: [string, RegExp][] = [
  ["a bearer token", /eyJ[\w-]+\.[\w-]+\.[\w-]+/],
  ["a coordinate", /"(lat|lon|latitude|longitude)"\s*:/],
  ["a search query", /"query"\s*:/],
  ["an event payload", /"eventId"\s*:/],
];

/**
 * Captures every console line of an end-to-end file and, when it ends, fails if any carries personal data:
 * tokens, coordinates, queries, payloads, or any of `customerIds` in the clear.
 */
export function watchLogs(customerIds: readonly string[] = []): string[] {
  const lines: string[] = [];
  beforeAll(() => {
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterAll(() => {
    vi.restoreAllMocks();
    const text = lines.join("\n");
    for (const [what, pattern] of FORBIDDEN) expect(text, `a log line carries ${what}`).not.toMatch(pattern);
    for (const id of customerIds) expect(text, `a log line names ${id}`).not.toContain(`"${id}"`);
  });
  return lines;
}
