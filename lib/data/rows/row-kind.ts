import { TABLE_DEFINITION } from "../table-definition.js";

/** A row's key in the table: TABLE_DEFINITION's partition key (`pk`) and sort key (`sk`). */
export interface TableKey {
  pk: string;
  sk: string;
}

/** A stored item as the document client reads it: its key, and the attributes its row kind defines. */
export type StoredItem = Record<string, unknown>;

/** Anything that may hold a key: a key, or an item as read (its key attributes unchecked). */
export type KeyLike = { readonly pk?: unknown; readonly sk?: unknown };

/** An item a row kind's toItem makes: its key and its attributes. */
export type RowItem = TableKey & StoredItem;

/**
 * Where a kind's rows sit: a partition key, exactly or (ending with `#`) as a prefix of it; a sort key
 * likewise, or none when the kind's sort keys are data (a recommendation id, a sequence number).
 */
export interface KeyPattern {
  pk: string;
  sk?: string;
}

/**
 * One kind of stored row: the only place its key is built (`key`) and recognised (`recognises`). Kinds whose
 * stores map rows to values add `toItem` and `fromItem` beside them, so each attribute name lives once.
 */
export interface RowKind<Args extends readonly unknown[] = never[]> {
  /** Names the kind in tests and docs. */
  readonly name: string;
  readonly pattern: KeyPattern;
  key(...args: Args): TableKey;
  /** Whether a key (or a stored item, by its key) is one of this kind's; anything else is false. */
  recognises(key: KeyLike): boolean;
}

const fits = (value: unknown, part: string | undefined) =>
  part === undefined ||
  (typeof value === "string" && (part.endsWith("#") ? value.startsWith(part) : value === part));

/** The `recognises` of a kind whose keys follow `pattern`. */
export const recogniser =
  (pattern: KeyPattern) =>
  (key: KeyLike): boolean =>
    fits(key.pk, pattern.pk) && fits(key.sk, pattern.sk);

/**
 * The common part of a kind keyed by one id (a partition key prefix ending with `#`, then the id) under one
 * sort key: its name, pattern, key, recognises and idOf (the id of a key it recognises).
 */
export function idKeyed<Id extends string = string>(name: string, pattern: { pk: `${string}#`; sk: string }) {
  return {
    name,
    pattern,
    key: (id: Id): TableKey => ({ pk: `${pattern.pk}${id}`, sk: pattern.sk }),
    recognises: recogniser(pattern),
    idOf: (key: TableKey): Id => key.pk.slice(pattern.pk.length) as Id,
  };
}

/** The optimistic version of versioned rows (versioned-put.ts): 0 for a row never written. */
export const VERSION_ATTRIBUTE = "v";

export const versionOf = (item: StoredItem): number => Number(item[VERSION_ATTRIBUTE] ?? 0);

/** The table's key attribute names, for condition and key expressions. */
export const KEY_ATTRIBUTES = {
  pk: TABLE_DEFINITION.partitionKey.name,
  sk: TABLE_DEFINITION.sortKey.name,
} as const;
