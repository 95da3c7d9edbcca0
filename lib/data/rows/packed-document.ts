import { decode, encode } from "@msgpack/msgpack";
import { type Dict, dict, parseJsonDocument } from "../../domain/dict.js";

/**
 * Stored documents (a profile's state and log, a trend row's counters) in MessagePack: every write costs a
 * write unit per KB, and a double takes 9 bytes there against up to 18 characters of JSON (profiles ~21%
 * smaller, trend rows ~44%, docs/benchmarks.md). Numbers come back exactly as written.
 *
 * Keys are data (item ids, features): a decoder may refuse or reinterpret `__proto__`, so every key is
 * stored behind KEY_MARK and read back into prototype-less records, as parseJsonDocument does for JSON.
 */
const KEY_MARK = "\u0001";

/** The bytes to store for `value` (JSON-like: records, arrays, strings, numbers, booleans, null). */
export function packDocument(value: unknown): Uint8Array {
  return encode(marked(value), { ignoreUndefined: true });
}

/**
 * A stored document: MessagePack as packDocument writes it, or UTF-8 JSON as documents were stored before
 * (a JSON document starts with `{` or `[`, which no MessagePack map or array does). Records come back
 * without a prototype.
 */
export function unpackDocument(bytes: Uint8Array): unknown {
  const first = bytes[0];
  if (first === 0x7b || first === 0x5b) return parseJsonDocument(Buffer.from(bytes).toString("utf8"));
  return unmarked(decode(bytes));
}

function marked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(marked);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[KEY_MARK + key] = marked(v);
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
