import { decode, encode } from "@msgpack/msgpack";
import { type Dict, dict, parseJsonDocument } from "../../domain/dict.js";
import { isWellFormed } from "../../schemas/common.js";

/**
 * Stored documents (a profile's state and log, a trend row's counters): UTF-8 JSON or MessagePack. Every write
 * costs a write unit per KB, and a double takes 9 bytes in MessagePack against up to 18 characters of JSON
 * (profiles ~15–21% smaller, trend rows ~44%: docs/benchmarks.md). Numbers come back exactly as written.
 *
 * A change of stored format ships in two steps (expand, then contract), because a deploy updates functions one
 * by one and CloudFormation may roll back: this release **reads** both formats and **writes JSON**, so every
 * release that may run beside it or be rolled back to can read what it writes. The next release writes
 * MessagePack (`WRITTEN_FORMAT`), once every function of a deployment reads it.
 *
 * Keys are data (item ids, features): the decoder refuses `__proto__`, so in MessagePack every key is stored
 * behind KEY_MARK and read back into prototype-less records, as parseJsonDocument does for JSON.
 */
export type DocumentFormat = "json" | "msgpack";
export const WRITTEN_FORMAT: DocumentFormat = "json";

const KEY_MARK = "\u0001";

/**
 * The bytes to store for `value` (JSON-like: records, arrays, strings, numbers, booleans, null). A document
 * holding a string that is not well-formed UTF-16 (a lone surrogate, accepted in ids before #11) is written as
 * JSON whatever the format: JSON keeps such strings, the MessagePack encoder replaces them in long strings.
 */
export function packDocument(value: unknown, format: DocumentFormat = WRITTEN_FORMAT): Uint8Array {
  if (format === "msgpack") {
    const wellFormed = { ok: true };
    const packed = marked(value, wellFormed);
    if (wellFormed.ok) return encode(packed, { ignoreUndefined: true });
  }
  return Buffer.from(JSON.stringify(value), "utf8");
}

/**
 * A stored document, whichever format: MessagePack, or JSON as bytes (a JSON document starts with `{` or `[`,
 * which no MessagePack map or array does) or as a string (profiles stored before documents were binary).
 * Records come back without a prototype.
 */
export function unpackDocument(stored: Uint8Array | string): unknown {
  if (typeof stored === "string") return parseJsonDocument(stored);
  const first = stored[0];
  if (first === 0x7b || first === 0x5b) return parseJsonDocument(Buffer.from(stored).toString("utf8"));
  return unmarked(decode(stored));
}

function marked(value: unknown, wellFormed: { ok: boolean }): unknown {
  if (typeof value === "string") {
    if (!isWellFormed(value)) wellFormed.ok = false;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => marked(v, wellFormed));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!isWellFormed(key)) wellFormed.ok = false;
    out[KEY_MARK + key] = marked(v, wellFormed);
  }
  return out;
}

function unmarked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unmarked);
  if (value === null || typeof value !== "object") return value;
  const out: Dict<unknown> = dict();
  for (const [key, v] of Object.entries(value))
    out[key.startsWith(KEY_MARK) ? key.slice(1) : key] = unmarked(v);
  return out;
}
