import { createHash } from "node:crypto";
import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Dict } from "../domain/dict.js";
import type { Offer } from "../schemas/offer.js";
import { batchGet, batchWrite } from "./batch.js";
import { listingPage, type PageRequest } from "./listing.js";
import { offerRow, type StoredOffer } from "./rows/offer.js";
import { type CellRow, offerCellRow } from "./rows/offer-cell.js";
import { placementExperimentRow, type RunningExperiment } from "./rows/placement-experiment.js";
import { profileRow, type StoredProfile } from "./rows/profile.js";
import { putVersioned } from "./versioned-put.js";

export type { StoredOffer } from "./rows/offer.js";
export type { CellRow } from "./rows/offer-cell.js";

/** Each cell's offers are split over this many rows: reading a cell is one BatchGet of this many keys. */
export const CELL_SHARDS = 8;
/** Offers one cell row may hold (~350 bytes each, far below DynamoDB's 400 KB item limit). */
export const MAX_OFFERS_PER_CELL_ROW = 500;
/** And at most this many bytes of offers, well below DynamoDB's 400 KB item limit (maximal offers are ~4.5 KB). */
export const MAX_CELL_ROW_BYTES = 300 * 1024;

export const cellShardOf = (offerId: string) =>
  (createHash("sha256").update(offerId).digest()[0] ?? 0) % CELL_SHARDS;
export const cellRowId = offerCellRow.rowId;

/** What the stream consumer needs of offers: those indexed in some cells, and some by id. */
export interface OfferCells {
  readCells(cells: readonly string[]): Promise<{ offers: Map<string, Offer> }>;
  /** Offers by id (those that exist). */
  loadOffers(offerIds: readonly string[]): Promise<Map<string, Offer>>;
}

/** Bytes of cell rows whose parsed offers a process keeps (their JSON; parsed, a few times as much memory). */
const PARSED_CELLS_MAX_BYTES = 8 * 1024 * 1024;

/** Access patterns of offers: by id (admin), by cell (serving, triggers), with a customer's profile. */
export class DynamoOfferStore implements OfferCells {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Cell rows parsed before, by key, with the bytes they were parsed from: a row read again with the same bytes
   * is not parsed again (most of an offers request's CPU). Every request still reads the rows, so nothing is
   * stale; the offers handed out are shared between requests, and read only.
   */
  private readonly parsedCells = new Map<string, { doc: Buffer; offers: Dict<Offer> }>();
  private parsedBytes = 0;

  private cellOffers(row: Record<string, unknown>): Dict<Offer> {
    const key = String(row.pk);
    const stored = row.doc as Uint8Array;
    const known = this.parsedCells.get(key);
    if (known?.doc.equals(stored)) return known.offers;
    const offers = offerCellRow.offersOf(row);
    // A copy: the bytes kept must not change with a buffer the client may reuse.
    const doc = Buffer.from(stored);
    if (known) this.parsedBytes -= known.doc.length;
    this.parsedCells.delete(key);
    this.parsedCells.set(key, { doc, offers });
    this.parsedBytes += doc.length;
    for (const [oldest, entry] of this.parsedCells) {
      if (this.parsedBytes <= PARSED_CELLS_MAX_BYTES) break;
      this.parsedCells.delete(oldest);
      this.parsedBytes -= entry.doc.length;
    }
    return offers;
  }

  async loadOffers(offerIds: readonly string[]): Promise<Map<string, StoredOffer>> {
    const rows = await batchGet(this.db, this.tableName, [...new Set(offerIds)].map(offerRow.key));
    return new Map(rows.map(offerRow.fromItem).map((offer) => [offer.offerId, offer]));
  }

  async saveOffers(offers: readonly StoredOffer[]): Promise<void> {
    await batchWrite(
      this.db,
      this.tableName,
      offers.map((o) => ({ PutRequest: { Item: offerRow.toItem(o) } })),
    );
  }

  async deleteOffer(offerId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: offerRow.key(offerId) }));
  }

  /** Cell rows, versioned, for the admin's read-once/write-once updates. */
  readonly cellRows = {
    load: async (ids: readonly string[]) => {
      const rows = await batchGet(this.db, this.tableName, ids.map(offerCellRow.keyOfId));
      return new Map(
        rows.map((row) => {
          const stored = offerCellRow.fromItem(row);
          return [stored.row.id, stored];
        }),
      );
    },
    save: async (row: CellRow, expectedVersion: number) => {
      await putVersioned(
        this.db,
        this.tableName,
        offerCellRow.toItem(row, expectedVersion + 1),
        expectedVersion,
      );
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
      ...(withPlacement ? [placementExperimentRow.key("offers")] : []),
      ...[...new Set(cells)].flatMap((cell) =>
        Array.from({ length: CELL_SHARDS }, (_, s) => offerCellRow.key(cell, s)),
      ),
      ...(customerId === undefined ? [] : [profileRow.key(customerId)]),
    ];
    const result: Awaited<ReturnType<DynamoOfferStore["readCells"]>> = { offers: new Map() };
    for (const row of await batchGet(this.db, this.tableName, wanted)) {
      if (profileRow.recognises(row)) result.profile = profileRow.fromItem(row);
      else if (placementExperimentRow.recognises(row)) result.running = placementExperimentRow.fromItem(row);
      else if (offerCellRow.recognises(row))
        for (const [id, offer] of Object.entries(this.cellOffers(row))) result.offers.set(id, offer);
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
