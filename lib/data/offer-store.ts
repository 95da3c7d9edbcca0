import { createHash } from "node:crypto";
import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type Dict, parseJsonDocument } from "../domain/dict.js";
import type { Offer } from "../schemas/offer.js";
import { batchGet, batchWrite } from "./batch.js";
import { type RunningExperiment, runningFromRow } from "./experiment-store.js";
import { keys, type TableKey } from "./keys.js";
import { listingPage, type PageRequest } from "./listing.js";
import { profileFromRow, type StoredProfile } from "./profile-store.js";
import { putVersioned } from "./versioned-put.js";

/** Each cell's offers are split over this many rows: reading a cell is one BatchGet of this many keys. */
export const CELL_SHARDS = 8;
/** Offers one cell row may hold (~350 bytes each, far below DynamoDB's 400 KB item limit). */
export const MAX_OFFERS_PER_CELL_ROW = 500;
/** And at most this many bytes of offers, well below DynamoDB's 400 KB item limit (maximal offers are ~4.5 KB). */
export const MAX_CELL_ROW_BYTES = 300 * 1024;

export interface StoredOffer extends Offer {
  /** The cells the offer is indexed in. */
  cells: string[];
}

/** One shard of one cell: the offers whose area touches it. */
export interface CellRow {
  id: string;
  offers: Dict<Offer>;
}

export const cellShardOf = (offerId: string) =>
  (createHash("sha256").update(offerId).digest()[0] ?? 0) % CELL_SHARDS;
export const cellRowId = (cell: string, shard: number) => `${cell}#${shard}`;

function cellKey(id: string): TableKey {
  const at = id.lastIndexOf("#");
  return keys.offerCell(id.slice(0, at), Number(id.slice(at + 1)));
}

const offersOf = (row: Record<string, unknown>): Dict<Offer> =>
  parseJsonDocument(Buffer.from(row.doc as Uint8Array).toString("utf8")) as Dict<Offer>;

/** What the stream consumer needs of offers: those indexed in some cells, and some by id. */
export interface OfferCells {
  readCells(cells: readonly string[]): Promise<{ offers: Map<string, Offer> }>;
  /** Offers by id (those that exist). */
  loadOffers(offerIds: readonly string[]): Promise<Map<string, Offer>>;
}

/** Access patterns of offers: by id (admin), by cell (serving, triggers), with a customer's profile. */
export class DynamoOfferStore implements OfferCells {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadOffers(offerIds: readonly string[]): Promise<Map<string, StoredOffer>> {
    const rows = await batchGet(this.db, this.tableName, [...new Set(offerIds)].map(keys.offer));
    return new Map(
      rows.map((row) => [String(row.offerId), parseJsonDocument(String(row.offer)) as StoredOffer]),
    );
  }

  async saveOffers(offers: readonly StoredOffer[]): Promise<void> {
    await batchWrite(
      this.db,
      this.tableName,
      offers.map((o) => ({
        PutRequest: {
          Item: {
            ...keys.offer(o.offerId),
            ...keys.listing("offers", o.offerId),
            offerId: o.offerId,
            offer: JSON.stringify(o),
          },
        },
      })),
    );
  }

  async deleteOffer(offerId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.offer(offerId) }));
  }

  /** Cell rows, versioned, for the admin's read-once/write-once updates. */
  readonly cellRows = {
    load: async (ids: readonly string[]) => {
      const rows = await batchGet(this.db, this.tableName, ids.map(cellKey));
      return new Map(
        rows.map((row) => {
          const id = String(row.pk).slice("CELL#".length);
          return [id, { row: { id, offers: offersOf(row) }, version: Number(row.v ?? 0) }];
        }),
      );
    },
    save: async (row: CellRow, expectedVersion: number) => {
      const item = {
        ...cellKey(row.id),
        v: expectedVersion + 1,
        doc: Buffer.from(JSON.stringify(row.offers), "utf8"),
      };
      await putVersioned(this.db, this.tableName, item, expectedVersion);
    },
  };

  /** One round trip: the offers of the cells (all their shards), and optionally a customer's profile. */
  async readCells(
    cells: readonly string[],
    customerId?: string,
    /** Also the experiment running on the offers placement, if any. */
    withPlacement = false,
  ): Promise<{
    offers: Map<string, Offer>;
    profile?: StoredProfile | undefined;
    running?: RunningExperiment | undefined;
  }> {
    const wanted = [
      ...(withPlacement ? [keys.placement("offers")] : []),
      ...[...new Set(cells)].flatMap((cell) =>
        Array.from({ length: CELL_SHARDS }, (_, s) => keys.offerCell(cell, s)),
      ),
      ...(customerId === undefined ? [] : [keys.profile(customerId)]),
    ];
    const result: Awaited<ReturnType<DynamoOfferStore["readCells"]>> = { offers: new Map() };
    for (const row of await batchGet(this.db, this.tableName, wanted)) {
      if (row.sk === keys.profile("").sk) result.profile = profileFromRow(row);
      else if (row.sk === keys.placement("").sk) result.running = runningFromRow(row);
      else for (const [id, offer] of Object.entries(offersOf(row))) result.offers.set(id, offer);
    }
    return result;
  }

  /** A page of the offers in id order (UTF-8 byte order), and the id to continue after when more follow. */
  async listOffers(page: PageRequest): Promise<{ offers: StoredOffer[]; last?: string }> {
    const listed = await listingPage(this.db, this.tableName, "offers", page);
    const stored = await this.loadOffers(listed.keys.map((k) => k.id));
    const offers = listed.keys.flatMap(({ id }) => stored.get(id) ?? []);
    return { offers, ...(listed.last === undefined ? {} : { last: listed.last }) };
  }
}
