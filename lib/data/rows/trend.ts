import { dict } from "../../domain/dict.js";
import type { TrendRow } from "../../domain/trending.js";
import { type DocumentFormat, packDocument, unpackDocument, WRITTEN_FORMAT } from "./packed-document.js";
import { idKeyed, type RowItem, type StoredItem, VERSION_ATTRIBUTE, versionOf } from "./row-kind.js";

/**
 * Counters are stored as `[itemId, short, long]` triples in a binary attribute (`doc`, packed-document.ts;
 * UTF-8 JSON in rows written before): not a map keyed by item id (ids are data; see neighbours.ts), and
 * not DynamoDB numbers — forward-decayed counters grow past 2⁵³ between rebases, which the document
 * client refuses to write. Rows written before held the counters in `items`; they still read.
 */
function countersOf(item: StoredItem) {
  const stored = item.doc instanceof Uint8Array ? unpackDocument(item.doc) : item.items;
  if (Array.isArray(stored)) {
    return dict(
      (stored as [string, number, number][]).map(([id, s, l]): [string, [number, number]] => [
        String(id),
        [s, l],
      ]),
    );
  }
  return dict((stored ?? {}) as Record<string, [number, number]>);
}

/**
 * The half-lives the counters were built with ([short, long] ms); rows written before they were kept have
 * none, and are read as built with the configured ones (see TrendRow).
 */
function halfLivesOf(item: StoredItem): { halfLives?: [number, number] } {
  const stored = item.halfLives;
  return Array.isArray(stored) && stored.length === 2
    ? { halfLives: [Number(stored[0]), Number(stored[1])] }
    : {};
}

/** Trending counters of one scope (`<country|*>#<category|*>`): `scope`, `epoch`, `latest`, `doc`, `v`. */
export const trendRow = {
  ...idKeyed("trend", { pk: "TREND#", sk: "TREND" }),
  toItem: (row: TrendRow, version: number, format: DocumentFormat = WRITTEN_FORMAT): RowItem => ({
    ...trendRow.key(row.scope),
    scope: row.scope,
    epoch: row.epoch,
    latest: row.latest,
    doc: packDocument(
      Object.entries(row.items).map(([id, [s, l]]) => [id, s, l]),
      format,
    ),
    ...(row.halfLives ? { halfLives: [...row.halfLives] } : {}),
    [VERSION_ATTRIBUTE]: version,
  }),
  fromItem: (item: StoredItem): { row: TrendRow; version: number } => ({
    row: {
      scope: String(item.scope),
      epoch: Number(item.epoch),
      latest: Number(item.latest),
      items: countersOf(item),
      ...halfLivesOf(item),
    },
    version: versionOf(item),
  }),
};
