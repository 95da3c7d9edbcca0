import { deflateSync, inflateSync } from "node:zlib";
import { decode, encode } from "@msgpack/msgpack";
import { type Dict, dict, parseJsonDocument } from "../../domain/dict.js";
import { isWellFormed } from "../../schemas/common.js";

/**
 * Stored documents (a profile's state and log, a trend row's counters, a neighbour row's pairs): UTF-8 JSON,
 * JSON compressed with DEFLATE (`deflate`: a zlib stream, RFC 1950/1951), or MessagePack. Every write costs a
 * write unit per KB, and these documents repeat item ids and feature names: compressed, a profile takes about
 * a third of its JSON bytes and a trend row under half (MessagePack, tried first, saves 15–45%: only the
 * numbers shrink; docs/benchmarks.md). Numbers come back exactly as written in every format.
 *
 * A change of stored format ships in two steps (expand, then contract), because a deploy updates functions one
 * by one and CloudFormation may roll back: release 0.2.0 **reads** every format and **writes JSON** unless the
 * deployment says otherwise (`KINDRED_DOCUMENT_FORMAT`, set by the CDK context `kindred:documentFormat` once
 * every function runs 0.2.0 or later); 0.3.0 will write `deflate` by default, and upgrades only from 0.2.0.
 * (0.1.0 also read `deflate` from commit 01e0069 on, but reports the same version as the commits before it, so
 * a deployer cannot tell them apart: docs/deploy.md, "Upgrades and rollbacks".) MessagePack is read (rows
 * written while it was tried) and written by no release.
 *
 * Keys are data (item ids, features): the decoder refuses `__proto__`, so in MessagePack every key is stored
 * behind KEY_MARK and read back into prototype-less records, as parseJsonDocument does for JSON.
 */
export type DocumentFormat = "json" | "deflate" | "msgpack";
/** What a deployment writes unless configured: every release that may run beside this one reads it. */
export const WRITTEN_FORMAT: DocumentFormat = "json";

/** No stored row inflates past this (DynamoDB items are at most 400 KB; JSON compresses far less than 40×). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

const KEY_MARK = "\u0001";

/**
 * The bytes to store for `value` (JSON-like: records, arrays, strings, numbers, booleans, null). A document
 * holding a string that is not well-formed UTF-16 (a lone surrogate, accepted in ids before #11) keeps it: JSON
 * escapes it (`\udxxx`), so `deflate` keeps it too; the MessagePack encoder would replace it in long strings, so
 * such a document is written as plain JSON when MessagePack is asked for.
 */
export function packDocument(value: unknown, format: DocumentFormat = WRITTEN_FORMAT): Uint8Array {
  if (format === "deflate") return deflateSync(JSON.stringify(value));
  if (format === "msgpack") {
    const wellFormed = { ok: true };
    const packed = marked(value, wellFormed);
    if (wellFormed.ok) return encode(packed, { ignoreUndefined: true });
  }
  return Buffer.from(JSON.stringify(value), "utf8");
}

/**
 * A stored document, whichever format, told apart by its first byte: JSON as bytes starts with `{` or `[`, a
 * zlib stream with 0x78 (DEFLATE with the default 32 KB window), and neither is how a MessagePack map or array
 * starts; JSON as a string is a profile stored before documents were binary. Records come back without a
 * prototype.
 * @throws when the bytes are none of these, or are truncated or corrupt.
 */
export function unpackDocument(stored: Uint8Array | string): unknown {
  if (typeof stored === "string") return parseJsonDocument(stored);
  const first = stored[0];
  if (first === 0x7b || first === 0x5b) return parseJsonDocument(Buffer.from(stored).toString("utf8"));
  if (first === ZLIB_HEADER)
    return parseJsonDocument(inflateSync(stored, { maxOutputLength: MAX_INFLATED_BYTES }).toString("utf8"));
  return unmarked(decode(stored));
}

/** The first byte of a zlib stream compressed with the default window (CM 8, CINFO 7: RFC 1950 §2.2). */
const ZLIB_HEADER = 0x78;

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
