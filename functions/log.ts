/**
 * Structured JSON logs. Callers pass only operational facts (counts, kinds, ids of records), never personal
 * data: no coordinates, tokens, queries or payloads.
 */
type Level = "info" | "warn" | "error";

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
