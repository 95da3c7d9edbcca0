/**
 * A string-keyed record whose keys are data. Ids, categories and other caller-chosen strings key many of
 * Kindred's records; on an ordinary object `__proto__` would set the prototype and `constructor` or
 * `toString` would read inherited members. A `Dict` has no prototype, so every key is just a key.
 *
 * Spreading (`{ ...d }`) or `Object.fromEntries` makes an ordinary object again: copy with `dict(d)`.
 */
export type Dict<T> = Record<string, T>;

/** A new prototype-free record holding `from`'s own entries (a record or `[key, value]` pairs), if given. */
export function dict<T>(from?: Readonly<Record<string, T>> | Iterable<readonly [string, T]>): Dict<T> {
  const out = Object.create(null) as Dict<T>;
  if (from === undefined) return out;
  const entries = Symbol.iterator in from ? from : Object.entries(from);
  for (const [key, value] of entries as Iterable<readonly [string, T]>) out[key] = value;
  return out;
}

/**
 * `JSON.parse` whose objects have no prototype: a stored document's keys (ids among them) stay data, and a
 * key missing from a record reads as `undefined`, never as an inherited member.
 */
export function parseJsonDocument(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? dict(value as Dict<unknown>)
      : value,
  );
}
